"""Front ends' shared edge: the request channel, limits, audit, the HTTP API and static files."""
