-- A submission is stored before it is graded ('pending'), so a crash mid-grading never loses it:
-- at start-up pending submissions are graded again. graded_at says when its result was written
-- (again after an instructor re-grades), exercise_version which tests gave it.
ALTER TABLE submission ADD COLUMN graded_at TIMESTAMP;
ALTER TABLE submission ADD COLUMN exercise_version VARCHAR(64);
UPDATE submission SET graded_at = created_at;
CREATE INDEX submission_by_exercise ON submission (exercise_id, mode);
CREATE INDEX submission_pending ON submission (status);
