"""The only place that talks to GitHub: REST endpoints, GraphQL documents, client, retries."""
