"""The stand-in's GraphQL schema: a subset of GitHub's, cut from ``@octokit/graphql-schema``.

Every type, field, argument and enum value here is GitHub's own (same names, same types, same
defaults; version 15.26.1), only fewer of them, so a document that runs against the stand-in
runs against GitHub. ``tests/unit/testing/test_sdl.py`` checks that when the real schema has
been fetched. To serve a new field, copy its definition from GitHub's schema (descriptions
dropped) and give it a resolver in ``nodes.py``.
"""

from __future__ import annotations

from typing import Final

SDL: Final = """
interface Actor {
  avatarUrl(size: Int): URI!
  login: String!
  resourcePath: URI!
  url: URI!
}

type App implements Node {
  databaseId: Int
  id: ID!
  name: String!
  slug: String!
  url: URI!
}

type Blob implements GitObject & Node {
  abbreviatedOid: String!
  byteSize: Int!
  commitResourcePath: URI!
  commitUrl: URI!
  id: ID!
  isBinary: Boolean
  isTruncated: Boolean!
  oid: GitObjectID!
  repository: Repository!
  text: String
}

type Bot implements Actor & Node & UniformResourceLocatable {
  avatarUrl(size: Int): URI!
  databaseId: Int
  id: ID!
  login: String!
  resourcePath: URI!
  url: URI!
}

enum CheckConclusionState {
  ACTION_REQUIRED CANCELLED FAILURE NEUTRAL SKIPPED STALE STARTUP_FAILURE SUCCESS TIMED_OUT
}

type CheckRun implements Node & UniformResourceLocatable {
  checkSuite: CheckSuite!
  completedAt: DateTime
  conclusion: CheckConclusionState
  databaseId: Int
  detailsUrl: URI
  externalId: String
  id: ID!
  name: String!
  permalink: URI!
  repository: Repository!
  resourcePath: URI!
  startedAt: DateTime
  status: CheckStatusState!
  summary: String
  text: String
  title: String
  url: URI!
}

type CheckRunConnection {
  edges: [CheckRunEdge]
  nodes: [CheckRun]
  pageInfo: PageInfo!
  totalCount: Int!
}

type CheckRunEdge {
  cursor: String!
  node: CheckRun
}

input CheckRunFilter {
  appId: Int
  checkName: String
  checkType: CheckRunType
  conclusions: [CheckConclusionState!]
  status: CheckStatusState
  statuses: [CheckStatusState!]
}

enum CheckRunType {
  ALL LATEST
}

enum CheckStatusState {
  COMPLETED IN_PROGRESS PENDING QUEUED REQUESTED WAITING
}

type CheckSuite implements Node {
  app: App
  checkRuns(
    after: String, before: String, filterBy: CheckRunFilter, first: Int, last: Int
  ): CheckRunConnection
  commit: Commit!
  conclusion: CheckConclusionState
  createdAt: DateTime!
  databaseId: Int
  id: ID!
  repository: Repository!
  resourcePath: URI!
  status: CheckStatusState!
  updatedAt: DateTime!
  url: URI!
}

type CheckSuiteConnection {
  edges: [CheckSuiteEdge]
  nodes: [CheckSuite]
  pageInfo: PageInfo!
  totalCount: Int!
}

type CheckSuiteEdge {
  cursor: String!
  node: CheckSuite
}

input CheckSuiteFilter {
  appId: Int
  checkName: String
}

type ClosedEvent implements Node {
  actor: Actor
  createdAt: DateTime!
  id: ID!
  stateReason: IssueStateReason
}

interface Comment {
  author: Actor
  body: String!
  createdAt: DateTime!
  editor: Actor
  id: ID!
  lastEditedAt: DateTime
}

type Commit implements GitObject & Node & UniformResourceLocatable {
  abbreviatedOid: String!
  associatedPullRequests(
    after: String, before: String, first: Int, last: Int
  ): PullRequestConnection
  authoredDate: DateTime!
  checkSuites(
    after: String, before: String, filterBy: CheckSuiteFilter, first: Int, last: Int
  ): CheckSuiteConnection
  commitResourcePath: URI!
  commitUrl: URI!
  committedDate: DateTime!
  deployments(
    after: String, before: String, environments: [String!], first: Int, last: Int,
    orderBy: DeploymentOrder = { field: CREATED_AT, direction: ASC }
  ): DeploymentConnection
  file(path: String!): TreeEntry
  history(after: String, before: String, first: Int, last: Int): CommitHistoryConnection!
  id: ID!
  message: String!
  messageBody: String!
  messageHeadline: String!
  oid: GitObjectID!
  parents(after: String, before: String, first: Int, last: Int): CommitConnection!
  repository: Repository!
  resourcePath: URI!
  status: Status
  tree: Tree!
  url: URI!
}

type CommitConnection {
  edges: [CommitEdge]
  nodes: [Commit]
  pageInfo: PageInfo!
  totalCount: Int!
}

type CommitEdge {
  cursor: String!
  node: Commit
}

type CommitHistoryConnection {
  edges: [CommitEdge]
  nodes: [Commit]
  pageInfo: PageInfo!
  totalCount: Int!
}

scalar DateTime

type Deployment implements Node {
  commit: Commit
  commitOid: String!
  createdAt: DateTime!
  creator: Actor!
  databaseId: Int
  description: String
  environment: String
  id: ID!
  latestEnvironment: String
  latestStatus: DeploymentStatus
  originalEnvironment: String
  payload: String
  ref: Ref
  repository: Repository!
  state: DeploymentState
  statuses(after: String, before: String, first: Int, last: Int): DeploymentStatusConnection
  task: String
  updatedAt: DateTime!
}

type DeploymentConnection {
  edges: [DeploymentEdge]
  nodes: [Deployment]
  pageInfo: PageInfo!
  totalCount: Int!
}

type DeploymentEdge {
  cursor: String!
  node: Deployment
}

input DeploymentOrder {
  direction: OrderDirection!
  field: DeploymentOrderField!
}

enum DeploymentOrderField {
  CREATED_AT
}

enum DeploymentState {
  ABANDONED ACTIVE DESTROYED ERROR FAILURE INACTIVE IN_PROGRESS PENDING QUEUED SUCCESS WAITING
}

type DeploymentStatus implements Node {
  createdAt: DateTime!
  creator: Actor!
  deployment: Deployment!
  description: String
  environment: String
  environmentUrl: URI
  id: ID!
  logUrl: URI
  state: DeploymentStatusState!
  updatedAt: DateTime!
}

type DeploymentStatusConnection {
  edges: [DeploymentStatusEdge]
  nodes: [DeploymentStatus]
  pageInfo: PageInfo!
  totalCount: Int!
}

type DeploymentStatusEdge {
  cursor: String!
  node: DeploymentStatus
}

enum DeploymentStatusState {
  ERROR FAILURE INACTIVE IN_PROGRESS PENDING QUEUED SUCCESS WAITING
}

enum DiffSide {
  LEFT RIGHT
}

interface GitObject {
  abbreviatedOid: String!
  commitResourcePath: URI!
  commitUrl: URI!
  id: ID!
  oid: GitObjectID!
  repository: Repository!
}

scalar GitObjectID

scalar GitTimestamp

scalar HTML

type Issue implements Node & UniformResourceLocatable {
  assignees(after: String, before: String, first: Int, last: Int): UserConnection!
  author: Actor
  body: String!
  bodyText: String!
  closed: Boolean!
  closedAt: DateTime
  comments(after: String, before: String, first: Int, last: Int): IssueCommentConnection!
  createdAt: DateTime!
  databaseId: Int
  editor: Actor
  id: ID!
  labels(
    after: String, before: String, first: Int, last: Int,
    orderBy: LabelOrder = { field: CREATED_AT, direction: ASC }
  ): LabelConnection
  lastEditedAt: DateTime
  number: Int!
  parent: Issue
  repository: Repository!
  resourcePath: URI!
  state: IssueState!
  stateReason(enableDuplicate: Boolean = false): IssueStateReason
  subIssues(after: String, before: String, first: Int, last: Int): IssueConnection!
  subIssuesSummary: SubIssuesSummary!
  timelineItems(
    after: String, before: String, first: Int, itemTypes: [IssueTimelineItemsItemType!],
    last: Int, since: DateTime, skip: Int
  ): IssueTimelineItemsConnection!
  title: String!
  updatedAt: DateTime!
  url: URI!
  userContentEdits(after: String, before: String, first: Int, last: Int): UserContentEditConnection
}

type IssueComment implements Comment & Node {
  author: Actor
  body: String!
  bodyText: String!
  createdAt: DateTime!
  databaseId: Int
  editor: Actor
  id: ID!
  issue: Issue!
  lastEditedAt: DateTime
  pullRequest: PullRequest
  updatedAt: DateTime!
  url: URI!
}

type IssueCommentConnection {
  edges: [IssueCommentEdge]
  nodes: [IssueComment]
  pageInfo: PageInfo!
  totalCount: Int!
}

type IssueCommentEdge {
  cursor: String!
  node: IssueComment
}

type IssueConnection {
  edges: [IssueEdge]
  nodes: [Issue]
  pageInfo: PageInfo!
  totalCount: Int!
}

type IssueEdge {
  cursor: String!
  node: Issue
}

input IssueFilters {
  assignee: String
  createdBy: String
  labels: [String!]
  mentioned: String
  milestone: String
  milestoneNumber: String
  since: DateTime
  states: [IssueState!]
  viewerSubscribed: Boolean = false
}

union IssueOrPullRequest = Issue | PullRequest

input IssueOrder {
  direction: OrderDirection!
  field: IssueOrderField!
}

enum IssueOrderField {
  COMMENTS CREATED_AT UPDATED_AT
}

enum IssueState {
  CLOSED OPEN
}

enum IssueStateReason {
  COMPLETED DUPLICATE NOT_PLANNED REOPENED
}

union IssueTimelineItems =
  ClosedEvent | IssueComment | LabeledEvent | ReopenedEvent | UnlabeledEvent

type IssueTimelineItemsConnection {
  edges: [IssueTimelineItemsEdge]
  filteredCount: Int!
  nodes: [IssueTimelineItems]
  pageCount: Int!
  pageInfo: PageInfo!
  totalCount: Int!
  updatedAt: DateTime!
}

type IssueTimelineItemsEdge {
  cursor: String!
  node: IssueTimelineItems
}

enum IssueTimelineItemsItemType {
  CLOSED_EVENT ISSUE_COMMENT LABELED_EVENT REOPENED_EVENT UNLABELED_EVENT
}

type Label implements Node {
  color: String!
  createdAt: DateTime
  description: String
  id: ID!
  isDefault: Boolean!
  name: String!
  resourcePath: URI!
  updatedAt: DateTime
  url: URI!
}

type LabelConnection {
  edges: [LabelEdge]
  nodes: [Label]
  pageInfo: PageInfo!
  totalCount: Int!
}

type LabelEdge {
  cursor: String!
  node: Label
}

input LabelOrder {
  direction: OrderDirection!
  field: LabelOrderField!
}

enum LabelOrderField {
  CREATED_AT NAME
}

type LabeledEvent implements Node {
  actor: Actor
  createdAt: DateTime!
  id: ID!
  label: Label!
}

interface Node {
  id: ID!
}

enum OrderDirection {
  ASC DESC
}

type Organization implements Actor & Node & RepositoryOwner & UniformResourceLocatable {
  avatarUrl(size: Int): URI!
  databaseId: Int
  id: ID!
  login: String!
  name: String
  resourcePath: URI!
  url: URI!
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

enum PatchStatus {
  ADDED CHANGED COPIED DELETED MODIFIED RENAMED
}

type PullRequest implements Comment & Node & UniformResourceLocatable {
  additions: Int!
  assignees(after: String, before: String, first: Int, last: Int): UserConnection!
  author: Actor
  baseRef: Ref
  baseRefName: String!
  baseRefOid: GitObjectID!
  body: String!
  changedFiles: Int!
  closed: Boolean!
  closedAt: DateTime
  comments(after: String, before: String, first: Int, last: Int): IssueCommentConnection!
  commits(after: String, before: String, first: Int, last: Int): PullRequestCommitConnection!
  createdAt: DateTime!
  databaseId: Int
  deletions: Int!
  editor: Actor
  files(after: String, before: String, first: Int, last: Int): PullRequestChangedFileConnection
  headRef: Ref
  headRefName: String!
  headRefOid: GitObjectID!
  id: ID!
  isDraft: Boolean!
  labels(
    after: String, before: String, first: Int, last: Int,
    orderBy: LabelOrder = { field: CREATED_AT, direction: ASC }
  ): LabelConnection
  lastEditedAt: DateTime
  mergeCommit: Commit
  merged: Boolean!
  mergedAt: DateTime
  number: Int!
  permalink: URI!
  repository: Repository!
  resourcePath: URI!
  reviewThreads(
    after: String, before: String, first: Int, last: Int
  ): PullRequestReviewThreadConnection!
  reviews(
    after: String, author: String, before: String, first: Int, last: Int,
    states: [PullRequestReviewState!]
  ): PullRequestReviewConnection
  state: PullRequestState!
  timelineItems(
    after: String, before: String, first: Int, itemTypes: [PullRequestTimelineItemsItemType!],
    last: Int, since: DateTime, skip: Int
  ): PullRequestTimelineItemsConnection!
  title: String!
  updatedAt: DateTime!
  url: URI!
}

type PullRequestChangedFile {
  additions: Int!
  changeType: PatchStatus!
  deletions: Int!
  path: String!
}

type PullRequestChangedFileConnection {
  edges: [PullRequestChangedFileEdge]
  nodes: [PullRequestChangedFile]
  pageInfo: PageInfo!
  totalCount: Int!
}

type PullRequestChangedFileEdge {
  cursor: String!
  node: PullRequestChangedFile
}

type PullRequestCommit implements Node & UniformResourceLocatable {
  commit: Commit!
  id: ID!
  resourcePath: URI!
  url: URI!
}

type PullRequestCommitConnection {
  edges: [PullRequestCommitEdge]
  nodes: [PullRequestCommit]
  pageInfo: PageInfo!
  totalCount: Int!
}

type PullRequestCommitEdge {
  cursor: String!
  node: PullRequestCommit
}

type PullRequestConnection {
  edges: [PullRequestEdge]
  nodes: [PullRequest]
  pageInfo: PageInfo!
  totalCount: Int!
}

type PullRequestEdge {
  cursor: String!
  node: PullRequest
}

type PullRequestReview implements Comment & Node {
  author: Actor
  body: String!
  bodyText: String!
  commit: Commit
  createdAt: DateTime!
  databaseId: Int
  editor: Actor
  id: ID!
  lastEditedAt: DateTime
  state: PullRequestReviewState!
  submittedAt: DateTime
  updatedAt: DateTime!
  url: URI!
}

type PullRequestReviewComment implements Node {
  author: Actor
  body: String!
  bodyText: String!
  createdAt: DateTime!
  databaseId: Int
  id: ID!
  lastEditedAt: DateTime
  line: Int
  originalLine: Int
  outdated: Boolean!
  path: String!
  pullRequest: PullRequest!
  replyTo: PullRequestReviewComment
  updatedAt: DateTime!
  url: URI!
}

type PullRequestReviewCommentConnection {
  edges: [PullRequestReviewCommentEdge]
  nodes: [PullRequestReviewComment]
  pageInfo: PageInfo!
  totalCount: Int!
}

type PullRequestReviewCommentEdge {
  cursor: String!
  node: PullRequestReviewComment
}

type PullRequestReviewConnection {
  edges: [PullRequestReviewEdge]
  nodes: [PullRequestReview]
  pageInfo: PageInfo!
  totalCount: Int!
}

type PullRequestReviewEdge {
  cursor: String!
  node: PullRequestReview
}

enum PullRequestReviewState {
  APPROVED CHANGES_REQUESTED COMMENTED DISMISSED PENDING
}

type PullRequestReviewThread implements Node {
  comments(
    after: String, before: String, first: Int, last: Int, skip: Int
  ): PullRequestReviewCommentConnection!
  diffSide: DiffSide!
  id: ID!
  isCollapsed: Boolean!
  isOutdated: Boolean!
  isResolved: Boolean!
  line: Int
  originalLine: Int
  originalStartLine: Int
  path: String!
  pullRequest: PullRequest!
  repository: Repository!
  resolvedBy: User
  startLine: Int
  subjectType: PullRequestReviewThreadSubjectType!
}

type PullRequestReviewThreadConnection {
  edges: [PullRequestReviewThreadEdge]
  nodes: [PullRequestReviewThread]
  pageInfo: PageInfo!
  totalCount: Int!
}

type PullRequestReviewThreadEdge {
  cursor: String!
  node: PullRequestReviewThread
}

enum PullRequestReviewThreadSubjectType {
  FILE LINE
}

enum PullRequestState {
  CLOSED MERGED OPEN
}

union PullRequestTimelineItems = IssueComment | LabeledEvent | PullRequestReview | UnlabeledEvent

type PullRequestTimelineItemsConnection {
  edges: [PullRequestTimelineItemsEdge]
  filteredCount: Int!
  nodes: [PullRequestTimelineItems]
  pageCount: Int!
  pageInfo: PageInfo!
  totalCount: Int!
  updatedAt: DateTime!
}

type PullRequestTimelineItemsEdge {
  cursor: String!
  node: PullRequestTimelineItems
}

enum PullRequestTimelineItemsItemType {
  ADDED_TO_MERGE_QUEUE_EVENT ADDED_TO_PROJECT_EVENT ASSIGNED_EVENT
  AUTOMATIC_BASE_CHANGE_FAILED_EVENT AUTOMATIC_BASE_CHANGE_SUCCEEDED_EVENT
  AUTO_MERGE_DISABLED_EVENT AUTO_MERGE_ENABLED_EVENT AUTO_REBASE_ENABLED_EVENT
  AUTO_SQUASH_ENABLED_EVENT BASE_REF_CHANGED_EVENT BASE_REF_DELETED_EVENT
  BASE_REF_FORCE_PUSHED_EVENT CLOSED_EVENT COMMENT_DELETED_EVENT CONNECTED_EVENT
  CONVERTED_NOTE_TO_ISSUE_EVENT CONVERTED_TO_DISCUSSION_EVENT CONVERT_TO_DRAFT_EVENT
  CROSS_REFERENCED_EVENT DEMILESTONED_EVENT DEPLOYED_EVENT DEPLOYMENT_ENVIRONMENT_CHANGED_EVENT
  DISCONNECTED_EVENT HEAD_REF_DELETED_EVENT HEAD_REF_FORCE_PUSHED_EVENT HEAD_REF_RESTORED_EVENT
  ISSUE_COMMENT LABELED_EVENT LOCKED_EVENT MARKED_AS_DUPLICATE_EVENT MENTIONED_EVENT
  MERGED_EVENT MILESTONED_EVENT MOVED_COLUMNS_IN_PROJECT_EVENT PARENT_ISSUE_ADDED_EVENT
  PARENT_ISSUE_REMOVED_EVENT PINNED_EVENT PULL_REQUEST_COMMIT
  PULL_REQUEST_COMMIT_COMMENT_THREAD PULL_REQUEST_REVIEW PULL_REQUEST_REVIEW_THREAD
  PULL_REQUEST_REVISION_MARKER READY_FOR_REVIEW_EVENT REFERENCED_EVENT
  REMOVED_FROM_MERGE_QUEUE_EVENT REMOVED_FROM_PROJECT_EVENT RENAMED_TITLE_EVENT REOPENED_EVENT
  REVIEW_DISMISSED_EVENT REVIEW_REQUESTED_EVENT REVIEW_REQUEST_REMOVED_EVENT SUBSCRIBED_EVENT
  SUB_ISSUE_ADDED_EVENT SUB_ISSUE_REMOVED_EVENT TRANSFERRED_EVENT UNASSIGNED_EVENT
  UNLABELED_EVENT UNLOCKED_EVENT UNMARKED_AS_DUPLICATE_EVENT UNPINNED_EVENT UNSUBSCRIBED_EVENT
  USER_BLOCKED_EVENT
}

type Query implements Node {
  id: ID!
  rateLimit(dryRun: Boolean = false): RateLimit
  repository(followRenames: Boolean = true, name: String!, owner: String!): Repository
  search(
    after: String, before: String, first: Int, last: Int, query: String!, type: SearchType!
  ): SearchResultItemConnection!
}

type RateLimit {
  cost: Int!
  limit: Int!
  nodeCount: Int!
  remaining: Int!
  resetAt: DateTime!
  used: Int!
}

type Ref implements Node {
  id: ID!
  name: String!
  prefix: String!
  repository: Repository!
  target: GitObject
}

type ReopenedEvent implements Node {
  actor: Actor
  createdAt: DateTime!
  id: ID!
  stateReason: IssueStateReason
}

type Repository implements Node & UniformResourceLocatable {
  databaseId: Int
  defaultBranchRef: Ref
  deployments(
    after: String, before: String, environments: [String!], first: Int, last: Int,
    orderBy: DeploymentOrder = { field: CREATED_AT, direction: ASC }
  ): DeploymentConnection!
  id: ID!
  isPrivate: Boolean!
  issue(number: Int!): Issue
  issueOrPullRequest(number: Int!): IssueOrPullRequest
  issues(
    after: String, before: String, filterBy: IssueFilters, first: Int, labels: [String!],
    last: Int, orderBy: IssueOrder, states: [IssueState!]
  ): IssueConnection!
  label(name: String!): Label
  labels(
    after: String, before: String, first: Int, last: Int,
    orderBy: LabelOrder = { field: CREATED_AT, direction: ASC }, query: String
  ): LabelConnection
  name: String!
  nameWithOwner: String!
  object(expression: String, oid: GitObjectID): GitObject
  owner: RepositoryOwner!
  pullRequest(number: Int!): PullRequest
  pullRequests(
    after: String, baseRefName: String, before: String, first: Int, headRefName: String,
    labels: [String!], last: Int, orderBy: IssueOrder, states: [PullRequestState!]
  ): PullRequestConnection!
  ref(qualifiedName: String!): Ref
  resourcePath: URI!
  url: URI!
}

interface RepositoryOwner {
  avatarUrl(size: Int): URI!
  id: ID!
  login: String!
  resourcePath: URI!
  url: URI!
}

union SearchResultItem = Issue | PullRequest

type SearchResultItemConnection {
  edges: [SearchResultItemEdge]
  issueCount: Int!
  nodes: [SearchResultItem]
  pageInfo: PageInfo!
}

type SearchResultItemEdge {
  cursor: String!
  node: SearchResultItem
}

enum SearchType {
  ISSUE
}

type Status implements Node {
  commit: Commit
  context(name: String!): StatusContext
  contexts: [StatusContext!]!
  id: ID!
  state: StatusState!
}

type StatusContext implements Node {
  avatarUrl(size: Int = 40): URI
  commit: Commit
  context: String!
  createdAt: DateTime!
  creator: Actor
  description: String
  id: ID!
  state: StatusState!
  targetUrl: URI
}

enum StatusState {
  ERROR EXPECTED FAILURE PENDING SUCCESS
}

type SubIssuesSummary {
  completed: Int!
  percentCompleted: Int!
  total: Int!
}

type Tree implements GitObject & Node {
  abbreviatedOid: String!
  commitResourcePath: URI!
  commitUrl: URI!
  entries: [TreeEntry!]
  id: ID!
  oid: GitObjectID!
  repository: Repository!
}

type TreeEntry {
  extension: String
  isGenerated: Boolean!
  lineCount: Int
  mode: Int!
  name: String!
  object: GitObject
  oid: GitObjectID!
  path: String
  size: Int!
  type: String!
}

scalar URI

interface UniformResourceLocatable {
  resourcePath: URI!
  url: URI!
}

type UnlabeledEvent implements Node {
  actor: Actor
  createdAt: DateTime!
  id: ID!
  label: Label!
}

type User implements Actor & Node & RepositoryOwner & UniformResourceLocatable {
  avatarUrl(size: Int): URI!
  databaseId: Int
  id: ID!
  login: String!
  name: String
  resourcePath: URI!
  url: URI!
}

type UserConnection {
  edges: [UserEdge]
  nodes: [User]
  pageInfo: PageInfo!
  totalCount: Int!
}

type UserEdge {
  cursor: String!
  node: User
}

type UserContentEdit implements Node {
  createdAt: DateTime!
  deletedAt: DateTime
  diff: String
  editedAt: DateTime!
  editor: Actor
  id: ID!
  updatedAt: DateTime!
}

type UserContentEditConnection {
  edges: [UserContentEditEdge]
  nodes: [UserContentEdit]
  pageInfo: PageInfo!
  totalCount: Int!
}

type UserContentEditEdge {
  cursor: String!
  node: UserContentEdit
}
"""
