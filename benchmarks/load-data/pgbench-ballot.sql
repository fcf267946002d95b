\set k :client_id + :clients * random(0, :per - 1)
BEGIN;
SELECT r.*, (SELECT e.storkreds FROM electorate e WHERE e.round_id = r.id AND e.member_id = 'm' || :k) AS roll_storkreds,
  EXISTS (SELECT 1 FROM electorate e WHERE e.round_id = r.id) AS has_roll,
  (SELECT json_agg(json_build_array(p.id, p.status, p.amount_ore, p.storkreds))::text FROM proposals p
   WHERE p.round_id = r.id AND p.id = ANY (string_to_array(NULLIF('1,2,3', ''), ',')::bigint[])) AS facts
  FROM rounds r WHERE r.id = :round FOR SHARE OF r;
WITH voter AS (INSERT INTO voters (round_id, member_id) VALUES (:round, 'm' || :k) ON CONFLICT (round_id, member_id) DO NOTHING)
  INSERT INTO ballots (round_id, ballot_key, storkreds, content, receipt_hash)
  VALUES (:round, md5(:k::text) || md5((:k + 1)::text), 'fyn', '{"approvals":[1,2,3]}', md5(random()::text) || md5(random()::text))
  ON CONFLICT (round_id, ballot_key) DO UPDATE
  SET storkreds = excluded.storkreds, content = excluded.content, receipt_hash = excluded.receipt_hash;
END;
