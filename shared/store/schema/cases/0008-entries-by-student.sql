-- A student's entries are destroyed by the student they were written
-- about, which need not be their case's student now (a case moved to
-- another student): every machine destroys the same entries, whichever
-- it heard of first, the move or the destruction.
CREATE INDEX case_entries_student ON case_entries (student_id);
