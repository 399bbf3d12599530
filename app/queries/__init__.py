"""All SQL lives here, one module per entity; routes and templates never hold a query."""
