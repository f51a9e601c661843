-- Schema v8: the token an office gives a Lotse for sending reports of a
-- changed detail (set in the app's settings; never sent anywhere else).
ALTER TABLE sync_feed ADD COLUMN reporter_token TEXT;
