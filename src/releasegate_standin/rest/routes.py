"""Which handler answers which endpoint: all of releasegate's, and the stand-in's own."""

from __future__ import annotations

from typing import Final

from releasegate.github import endpoints
from releasegate.github.endpoints import Endpoint
from releasegate_standin.rest import checks, contents, reads, writes
from releasegate_standin.rest import endpoints as standin_only
from releasegate_standin.rest.api import Handler

HANDLERS: Final[dict[Endpoint, Handler]] = {
    endpoints.ADD_ASSIGNEES: writes.add_assignees,
    endpoints.ADD_LABELS: writes.add_labels,
    endpoints.CREATE_CHECK_RUN: checks.create_check_run,
    endpoints.CREATE_COMMIT_STATUS: checks.create_commit_status,
    endpoints.CREATE_ISSUE: writes.create_issue,
    endpoints.CREATE_ISSUE_COMMENT: writes.create_issue_comment,
    endpoints.CREATE_PULL: writes.create_pull,
    endpoints.CREATE_REF: contents.create_ref,
    endpoints.DELETE_ISSUE_COMMENT: writes.delete_issue_comment,
    endpoints.GET_COLLABORATOR_PERMISSION: reads.get_collaborator_permission,
    endpoints.GET_BLOB: contents.get_blob,
    endpoints.GET_CONTENT: contents.get_content,
    endpoints.GET_ISSUE: reads.get_issue,
    endpoints.GET_PULL: reads.get_pull,
    endpoints.GET_PULL_FILES: reads.list_pull_files,
    endpoints.GET_REF: contents.get_ref,
    endpoints.LIST_CHECK_RUNS_FOR_REF: reads.list_check_runs_for_ref,
    standin_only.LIST_DEPLOYMENTS: reads.list_deployments,
    standin_only.LIST_DEPLOYMENT_STATUSES: reads.list_deployment_statuses,
    endpoints.LIST_ISSUE_COMMENTS: reads.list_issue_comments,
    endpoints.LIST_ISSUE_EVENTS: reads.list_issue_events,
    endpoints.LIST_ISSUES: reads.list_issues,
    endpoints.LIST_PULLS: reads.list_pulls,
    standin_only.LIST_STATUSES_FOR_REF: reads.list_statuses_for_ref,
    endpoints.PUT_CONTENT: contents.put_content,
    endpoints.REQUEST_REVIEWERS: writes.request_reviewers,
    endpoints.UPDATE_CHECK_RUN: checks.update_check_run,
    endpoints.UPDATE_ISSUE: writes.update_issue,
    endpoints.UPDATE_ISSUE_COMMENT: writes.update_issue_comment,
}
