-- audit_append as in 0002, but the events are inserted with one INSERT … SELECT FROM unnest
-- instead of one INSERT per event (a batch claim's 100 events cost 100 executor runs before).
-- The links are still computed one after the other, each on the one before it.
CREATE OR REPLACE FUNCTION audit_append(p_at TEXT, p_actors TEXT[], p_actions TEXT[],
                                        p_subjects TEXT[], p_details TEXT[]) RETURNS BIGINT
    LANGUAGE plpgsql AS $$
DECLARE
    n        INTEGER := coalesce(cardinality(p_actors), 0);
    first    BIGINT;
    head_seq BIGINT;
    head     TEXT;
    prevs    TEXT[] := '{}';
    links    TEXT[] := '{}';
BEGIN
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    IF cardinality(p_actions) <> n OR cardinality(p_subjects) <> n OR cardinality(p_details) <> n
    THEN
        RAISE EXCEPTION 'audit_append: arrays of different lengths';
    END IF;
    SELECT h.seq, h.hash INTO STRICT head_seq, head FROM audit_head h WHERE h.id = 1 FOR UPDATE;
    first := head_seq + 1;
    FOR i IN 1..n LOOP
        head_seq := head_seq + 1;
        prevs := prevs || head;
        head := audit_link_hash(head, head_seq, p_at, p_actors[i], p_actions[i], p_subjects[i],
                                p_details[i]);
        links := links || head;
    END LOOP;
    INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)
        SELECT first + e.i - 1, p_at, e.actor, e.action, e.subject, e.detail, e.prev, e.link
        FROM unnest(p_actors, p_actions, p_subjects, p_details, prevs, links)
             WITH ORDINALITY AS e (actor, action, subject, detail, prev, link, i);
    UPDATE audit_head SET seq = head_seq, hash = head WHERE id = 1;
    RETURN head_seq;
END;
$$;
