"""The stand-in's REST API: routing and pagination, the handlers, and GitHub's JSON shapes."""
