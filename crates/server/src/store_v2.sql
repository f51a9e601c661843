-- The per-token quota counts a token's suggestions by the time they arrived.
CREATE INDEX suggestions_by_token_and_time ON suggestions (token_row_id, received_at);
