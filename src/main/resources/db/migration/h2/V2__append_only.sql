-- History is never changed or removed: the database itself refuses, whatever the application does (H2 runs a Java
-- trigger, AppendOnly). H2 fires no trigger on TRUNCATE: the audit trail's head (audit_head) still shows it, as
-- AuditLog.verify reports.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE, DELETE ON audit_log FOR EACH ROW
    CALL 'org.backcare.review.AppendOnly';
CREATE TRIGGER reviews_append_only BEFORE UPDATE, DELETE ON reviews FOR EACH ROW
    CALL 'org.backcare.review.AppendOnly';
CREATE TRIGGER plans_append_only BEFORE UPDATE, DELETE ON plans FOR EACH ROW
    CALL 'org.backcare.review.AppendOnly';
CREATE TRIGGER profile_versions_append_only BEFORE UPDATE, DELETE ON profile_versions FOR EACH ROW
    CALL 'org.backcare.review.AppendOnly';
