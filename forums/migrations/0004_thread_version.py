"""ThreadVersion and the triggers that keep it (see forums.models.ThreadVersion).

Statement-level triggers with transition tables: a bulk insert of a million posts bumps each
thread once, not once a post. PostgreSQL allows transition tables only on single-event
triggers, hence three triggers per table sharing one function.
"""

from django.db import migrations, models

BUMP = """
CREATE SEQUENCE forums_thread_version_seq;

CREATE FUNCTION forums_bump_threads(thread_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO forums_threadversion (thread_id, version)
    SELECT id, nextval('forums_thread_version_seq')
    FROM (SELECT DISTINCT id FROM unnest(thread_ids) AS id WHERE id IS NOT NULL) AS threads
    ON CONFLICT (thread_id) DO UPDATE SET version = EXCLUDED.version
$$;

-- A post written: its thread (both, when moved), and the threads of posts quoting it
-- (they show its number).
CREATE FUNCTION forums_posts_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM forums_bump_threads(ARRAY(SELECT thread_id FROM changed_new));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM forums_bump_threads(ARRAY(
            SELECT thread_id FROM changed_new
            UNION SELECT thread_id FROM changed_old
            UNION SELECT quoting.thread_id FROM forums_post quoting
                JOIN changed_new ON quoting.quoted_id = changed_new.id
        ));
    ELSE
        PERFORM forums_bump_threads(ARRAY(SELECT thread_id FROM changed_old));
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION forums_attachments_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM forums_bump_threads(ARRAY(
            SELECT post.thread_id FROM forums_post post JOIN changed_old ON post.id = changed_old.post_id
        ));
    ELSE
        PERFORM forums_bump_threads(ARRAY(
            SELECT post.thread_id FROM forums_post post JOIN changed_new ON post.id = changed_new.post_id
        ));
    END IF;
    RETURN NULL;
END $$;

-- Only a change of what a post shows of its author (the name, the erasure); a login's
-- last_login costs the join of one row. Anonymous posts are left out: no cached page
-- holds one, and a number changing with a person's name would tell where they wrote.
CREATE FUNCTION forums_authors_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM forums_bump_threads(ARRAY(
        SELECT DISTINCT post.thread_id FROM forums_post post
        WHERE NOT post.is_anonymous AND post.author_id IN (
            SELECT changed_new.id FROM changed_new JOIN changed_old USING (id)
            WHERE changed_new.display_name IS DISTINCT FROM changed_old.display_name
               OR changed_new.erased_at IS DISTINCT FROM changed_old.erased_at
        )
    ));
    RETURN NULL;
END $$;

CREATE TRIGGER forums_post_inserted AFTER INSERT ON forums_post
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION forums_posts_changed();
CREATE TRIGGER forums_post_updated AFTER UPDATE ON forums_post
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION forums_posts_changed();
CREATE TRIGGER forums_post_deleted AFTER DELETE ON forums_post
    REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION forums_posts_changed();

CREATE TRIGGER forums_attachment_inserted AFTER INSERT ON forums_attachment
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION forums_attachments_changed();
CREATE TRIGGER forums_attachment_updated AFTER UPDATE ON forums_attachment
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION forums_attachments_changed();
CREATE TRIGGER forums_attachment_deleted AFTER DELETE ON forums_attachment
    REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION forums_attachments_changed();

CREATE TRIGGER forums_author_updated AFTER UPDATE ON accounts_user
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION forums_authors_changed();

-- Threads written before the triggers: a first number each.
SELECT forums_bump_threads(ARRAY(SELECT id FROM forums_thread));
"""

UNBUMP = """
DROP TRIGGER forums_author_updated ON accounts_user;
DROP TRIGGER forums_attachment_deleted ON forums_attachment;
DROP TRIGGER forums_attachment_updated ON forums_attachment;
DROP TRIGGER forums_attachment_inserted ON forums_attachment;
DROP TRIGGER forums_post_deleted ON forums_post;
DROP TRIGGER forums_post_updated ON forums_post;
DROP TRIGGER forums_post_inserted ON forums_post;
DROP FUNCTION forums_authors_changed();
DROP FUNCTION forums_attachments_changed();
DROP FUNCTION forums_posts_changed();
DROP FUNCTION forums_bump_threads(bigint[]);
DROP SEQUENCE forums_thread_version_seq;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_first_steps_dismissed"),
        ("forums", "0003_anonymise_existing_anonymous_posts"),
    ]

    operations = [
        migrations.CreateModel(
            name="ThreadVersion",
            fields=[
                ("thread_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("version", models.BigIntegerField()),
            ],
        ),
        migrations.RunSQL(BUMP, UNBUMP),
    ]
