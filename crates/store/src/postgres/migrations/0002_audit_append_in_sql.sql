-- Audit appends in one round trip (issue 7, claim throughput): the chain link is computed in the
-- database, so a transaction holds the audit head only for the statement that appends and its
-- commit, instead of over three client round trips.
--
-- audit_link_hash is a SECOND DEFINITION of reviewdesk_domain::audit::link_hash and must stay
-- byte-for-byte identical to it (tests/store_contract.rs, audit_hash_in_sql_matches_the_domain):
-- SHA-256 over fields, each prefixed by its length in bytes as a big-endian u64: prev_hash, seq
-- (8 bytes big-endian), at, actor, action, then "1" and the subject or "0" alone, then detail;
-- text as UTF-8; the digest as lower-case hex.
CREATE FUNCTION audit_field(p_bytes BYTEA) RETURNS BYTEA
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT int8send(octet_length(p_bytes)::bigint) || p_bytes $$;

CREATE FUNCTION audit_link_hash(p_prev_hash TEXT, p_seq BIGINT, p_at TEXT, p_actor TEXT,
                                p_action TEXT, p_subject TEXT, p_detail TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT encode(sha256(
        audit_field(convert_to(p_prev_hash, 'UTF8'))
        || audit_field(int8send(p_seq))
        || audit_field(convert_to(p_at, 'UTF8'))
        || audit_field(convert_to(p_actor, 'UTF8'))
        || audit_field(convert_to(p_action, 'UTF8'))
        || CASE WHEN p_subject IS NULL THEN audit_field(convert_to('0', 'UTF8'))
                ELSE audit_field(convert_to('1', 'UTF8'))
                     || audit_field(convert_to(p_subject, 'UTF8')) END
        || audit_field(convert_to(p_detail, 'UTF8'))
    ), 'hex') $$;

-- Appends events (arrays of one length, in order) at `at`, chained onto the head: locks the head
-- row FOR UPDATE (serialising appends across all instances), inserts, moves the head. Returns the
-- new head's sequence number (NULL, locking nothing, when there are no events). Call it as the last
-- statement of the action's transaction: the head stays locked until that commits.
CREATE FUNCTION audit_append(p_at TEXT, p_actors TEXT[], p_actions TEXT[], p_subjects TEXT[],
                             p_details TEXT[]) RETURNS BIGINT
    LANGUAGE plpgsql AS $$
DECLARE
    n        INTEGER := coalesce(cardinality(p_actors), 0);
    head_seq BIGINT;
    head     TEXT;
    link     TEXT;
BEGIN
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    IF cardinality(p_actions) <> n OR cardinality(p_subjects) <> n OR cardinality(p_details) <> n
    THEN
        RAISE EXCEPTION 'audit_append: arrays of different lengths';
    END IF;
    SELECT h.seq, h.hash INTO STRICT head_seq, head FROM audit_head h WHERE h.id = 1 FOR UPDATE;
    FOR i IN 1..n LOOP
        head_seq := head_seq + 1;
        link := audit_link_hash(head, head_seq, p_at, p_actors[i], p_actions[i], p_subjects[i],
                                p_details[i]);
        INSERT INTO audit (seq, at, actor, action, subject, detail, prev_hash, hash)
            VALUES (head_seq, p_at, p_actors[i], p_actions[i], p_subjects[i], p_details[i], head,
                    link);
        head := link;
    END LOOP;
    UPDATE audit_head SET seq = head_seq, hash = head WHERE id = 1;
    RETURN head_seq;
END;
$$;
