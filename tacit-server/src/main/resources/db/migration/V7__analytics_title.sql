-- Tacit server schema, version 5.14: analytics queries have a readable title (issue 15). Portable
-- SQL: runs unchanged on SQLite and PostgreSQL. Queries created before it are titled by their
-- metric's name.
ALTER TABLE analytics_queries ADD COLUMN title VARCHAR(120);
UPDATE analytics_queries SET title = metric;
