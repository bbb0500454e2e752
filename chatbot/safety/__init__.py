"""A message in, a triage tier out (emergency, crisis, urgent, none), decided before any retrieval."""
