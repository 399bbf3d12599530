#!/bin/sh
# Run once by the postgres image when its data directory is first made (deploy/compose.yaml):
# the read-only role the app connects as (README, "PostgreSQL"). `build-db` connects as the owner,
# POSTGRES_USER; the tables it creates (and recreates on every build) are readable by the reader.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE ct_rural_reader LOGIN PASSWORD '$READER_PASSWORD';
GRANT CONNECT ON DATABASE "$POSTGRES_DB" TO ct_rural_reader;
GRANT USAGE ON SCHEMA public TO ct_rural_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE "$POSTGRES_USER" IN SCHEMA public GRANT SELECT ON TABLES TO ct_rural_reader;
ALTER ROLE ct_rural_reader SET default_transaction_read_only = on;
SQL
