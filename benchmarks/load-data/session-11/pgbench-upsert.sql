\set k :client_id + :clients * random(0, :per - 1)
BEGIN;
INSERT INTO ballots (round_id, ballot_key, storkreds, content, receipt_hash)
  VALUES (:round, md5(:k::text) || md5((:k + 1)::text), 'fyn', '{"approvals":[1,2,3]}', md5(random()::text) || md5(random()::text))
  ON CONFLICT (round_id, ballot_key) DO UPDATE
  SET storkreds = excluded.storkreds, content = excluded.content, receipt_hash = excluded.receipt_hash;
END;
