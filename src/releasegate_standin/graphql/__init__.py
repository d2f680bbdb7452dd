"""The stand-in's GraphQL API: GitHub's schema (a subset), its limits, and the resolvers."""
