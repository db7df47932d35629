-- A pending submission is a grading job shared by every node: a node's grader takes the oldest
-- one nobody holds (SELECT ... FOR UPDATE SKIP LOCKED) and leases it until lease_until (epoch
-- milliseconds, renewed while it grades). A job whose node died is taken again once its lease
-- runs out; grading_attempts counts the takes, so a job that keeps killing its graders ends as
-- an error instead of going round for ever.
ALTER TABLE submission ADD COLUMN lease_owner VARCHAR(100);
ALTER TABLE submission ADD COLUMN lease_until BIGINT;
ALTER TABLE submission ADD COLUMN grading_attempts INT DEFAULT 0 NOT NULL;
-- Which node wrote the verdict (null for verdicts from the result cache and for older rows).
ALTER TABLE submission ADD COLUMN graded_by VARCHAR(100);

-- Nodes that grade, each saying every few seconds how many gradings it can hold (running and
-- queued): the admission queue's size is the sum over the nodes seen lately.
CREATE TABLE grading_node (
    node     VARCHAR(100) PRIMARY KEY,
    capacity INT          NOT NULL,
    seen_at  BIGINT       NOT NULL
);

-- Token buckets for the grading rate limits, shared by every node: one row per learner or
-- address, tokens as of updated_at (epoch milliseconds).
CREATE TABLE rate_bucket (
    bucket     VARCHAR(200)     PRIMARY KEY,
    tokens     DOUBLE PRECISION NOT NULL,
    updated_at BIGINT           NOT NULL
);
