def only_public_api(endpoints):
    """Keep our /api/ endpoints in the OpenAPI schema; Wagtail's admin API is internal."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
