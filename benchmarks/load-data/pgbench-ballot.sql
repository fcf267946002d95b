\set k :client_id + :clients * random(0, :per - 1)
WITH open_round AS (SELECT id FROM rounds WHERE id = :round AND phase = 'voting' FOR SHARE),
  voter AS (INSERT INTO voters (round_id, member_id) SELECT id, 'm' || :k FROM open_round
    ON CONFLICT (round_id, member_id) DO NOTHING)
  INSERT INTO ballots (round_id, ballot_key, storkreds, content, receipt_hash)
  SELECT id, md5(:k::text) || md5((:k + 1)::text), 'fyn', '{"approvals":[1,2,3]}', md5(random()::text) || md5(random()::text)
  FROM open_round
  ON CONFLICT (round_id, ballot_key) DO UPDATE
  SET storkreds = excluded.storkreds, content = excluded.content, receipt_hash = excluded.receipt_hash;
