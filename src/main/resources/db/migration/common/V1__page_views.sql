-- How often each lesson page was read: a first table that proves the database wiring end to end.
CREATE TABLE page_view (
    lesson_id VARCHAR(100) PRIMARY KEY,
    views     BIGINT       NOT NULL,
    last_seen TIMESTAMP    NOT NULL
);
