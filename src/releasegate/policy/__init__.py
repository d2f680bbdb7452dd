"""Policy files: loading with positions kept (``load``) and the pydantic models (``models``)."""
