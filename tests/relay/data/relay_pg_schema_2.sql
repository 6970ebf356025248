-- A PostgreSQL relay database of schema 2 (before fan-out on read), written by the
-- relay of commit c1962b6 through its storage calls and dumped with pg_dump 15 --inserts
-- (tests/relay/test_postgres_queue_upgrade.py says what it holds).
SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;
SET default_tablespace = '';
SET default_table_access_method = heap;
CREATE TABLE public.blobs (
    sha256 text NOT NULL,
    size bigint NOT NULL,
    uploader_device_id text NOT NULL COLLATE pg_catalog."C",
    expires_at_ms bigint NOT NULL
);
CREATE TABLE public.deliveries (
    recipient_device_id text NOT NULL COLLATE pg_catalog."C",
    queue_cursor bigint NOT NULL,
    envelope_seq bigint NOT NULL,
    state text NOT NULL,
    CONSTRAINT deliveries_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'delivered'::text, 'expired'::text])))
);
CREATE TABLE public.device_queues (
    device_id text NOT NULL COLLATE pg_catalog."C",
    last_cursor bigint DEFAULT 0 NOT NULL,
    pending integer DEFAULT 0 NOT NULL,
    revoked boolean DEFAULT false NOT NULL,
    CONSTRAINT device_queues_pending_check CHECK ((pending >= 0))
);
CREATE TABLE public.devices (
    device_id text NOT NULL COLLATE pg_catalog."C",
    agency text NOT NULL,
    ed25519_key text NOT NULL,
    curve25519_key text NOT NULL,
    registration_signature text NOT NULL,
    registered_at_ms bigint NOT NULL,
    profile_name text,
    profile_agency text,
    profile_issued_at_ms bigint,
    profile_signature text,
    name_folded text,
    revoked_at_ms bigint,
    revoked_reason text
);
CREATE TABLE public.enrollment_tokens (
    token_sha256 text NOT NULL COLLATE pg_catalog."C",
    agency text NOT NULL,
    uses_left integer NOT NULL,
    expires_at_ms bigint NOT NULL,
    created_at_ms bigint NOT NULL,
    revoked_at_ms bigint,
    CONSTRAINT enrollment_tokens_uses_left_check CHECK ((uses_left >= 0))
);
CREATE TABLE public.envelopes (
    envelope_seq bigint NOT NULL,
    sender_device_id text NOT NULL COLLATE pg_catalog."C",
    envelope_id text NOT NULL,
    ciphertext bytea,
    sent_at_ms bigint NOT NULL,
    expires_at_ms bigint NOT NULL
);
ALTER TABLE public.envelopes ALTER COLUMN envelope_seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.envelopes_envelope_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE public.fallback_keys (
    device_id text NOT NULL COLLATE pg_catalog."C",
    key_id text NOT NULL COLLATE pg_catalog."C",
    key text NOT NULL,
    signature text NOT NULL
);
CREATE TABLE public.one_time_keys (
    device_id text NOT NULL COLLATE pg_catalog."C",
    key_id text NOT NULL COLLATE pg_catalog."C",
    key text NOT NULL,
    signature text NOT NULL
);
CREATE TABLE public.relay_schema_migrations (
    version integer NOT NULL,
    summary text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE public.signature_nonces (
    key_id text NOT NULL COLLATE pg_catalog."C",
    nonce text NOT NULL,
    expires_at_ms bigint NOT NULL
);
INSERT INTO public.deliveries VALUES ('dev-anna', 1, 1, 'pending');
INSERT INTO public.deliveries VALUES ('dev-cleo', 1, 1, 'pending');
INSERT INTO public.deliveries VALUES ('dev-anna', 2, 2, 'pending');
INSERT INTO public.deliveries VALUES ('dev-bert', 2, 3, 'pending');
INSERT INTO public.deliveries VALUES ('dev-bert', 1, 1, 'delivered');
INSERT INTO public.device_queues VALUES ('dev-sender', 0, 0, false);
INSERT INTO public.device_queues VALUES ('dev-anna', 2, 2, false);
INSERT INTO public.device_queues VALUES ('dev-cleo', 1, 1, false);
INSERT INTO public.device_queues VALUES ('dev-bert', 2, 1, false);
INSERT INTO public.devices VALUES ('dev-sender', 'Zoll Hamburg', 'ed-dev-sender', 'cv-dev-sender', 'reg-dev-sender', 1800000000000, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.devices VALUES ('dev-anna', 'Zoll Hamburg', 'ed-dev-anna', 'cv-dev-anna', 'reg-dev-anna', 1800000000000, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.devices VALUES ('dev-bert', 'Zoll Hamburg', 'ed-dev-bert', 'cv-dev-bert', 'reg-dev-bert', 1800000000000, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.devices VALUES ('dev-cleo', 'Zoll Hamburg', 'ed-dev-cleo', 'cv-dev-cleo', 'reg-dev-cleo', 1800000000000, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.enrollment_tokens VALUES ('token-sender', 'Zoll Hamburg', 0, 1800003600000, 1800000000000, NULL);
INSERT INTO public.envelopes OVERRIDING SYSTEM VALUE VALUES (1, 'dev-sender', 'old-1', '\x6f6e65', 1800000000000, 1800003600000);
INSERT INTO public.envelopes OVERRIDING SYSTEM VALUE VALUES (2, 'dev-sender', 'old-2', '\x74776f', 1800000000000, 1800003600000);
INSERT INTO public.envelopes OVERRIDING SYSTEM VALUE VALUES (3, 'dev-sender', 'old-3', '\x7468726565', 1800000000000, 1800000000001);
INSERT INTO public.relay_schema_migrations VALUES (1, 'devices, keys, queues, envelopes, nonces, blobs', '2026-12-06 19:26:18.746533+00');
INSERT INTO public.relay_schema_migrations VALUES (2, 'blobs by uploader (attachment quota)', '2026-12-06 19:26:18.746533+00');
SELECT pg_catalog.setval('public.envelopes_envelope_seq_seq', 3, true);
ALTER TABLE ONLY public.blobs
    ADD CONSTRAINT blobs_pkey PRIMARY KEY (sha256);
ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_pkey PRIMARY KEY (recipient_device_id, queue_cursor);
ALTER TABLE ONLY public.device_queues
    ADD CONSTRAINT device_queues_pkey PRIMARY KEY (device_id);
ALTER TABLE ONLY public.devices
    ADD CONSTRAINT devices_ed25519_key_key UNIQUE (ed25519_key);
ALTER TABLE ONLY public.devices
    ADD CONSTRAINT devices_pkey PRIMARY KEY (device_id);
ALTER TABLE ONLY public.enrollment_tokens
    ADD CONSTRAINT enrollment_tokens_pkey PRIMARY KEY (token_sha256);
ALTER TABLE ONLY public.envelopes
    ADD CONSTRAINT envelopes_pkey PRIMARY KEY (envelope_seq);
ALTER TABLE ONLY public.envelopes
    ADD CONSTRAINT envelopes_sender_device_id_envelope_id_key UNIQUE (sender_device_id, envelope_id);
ALTER TABLE ONLY public.fallback_keys
    ADD CONSTRAINT fallback_keys_pkey PRIMARY KEY (device_id);
ALTER TABLE ONLY public.one_time_keys
    ADD CONSTRAINT one_time_keys_pkey PRIMARY KEY (device_id, key_id);
ALTER TABLE ONLY public.relay_schema_migrations
    ADD CONSTRAINT relay_schema_migrations_pkey PRIMARY KEY (version);
ALTER TABLE ONLY public.signature_nonces
    ADD CONSTRAINT signature_nonces_pkey PRIMARY KEY (key_id, nonce);
CREATE INDEX blobs_by_uploader ON public.blobs USING btree (uploader_device_id, expires_at_ms) INCLUDE (size);
CREATE INDEX deliveries_by_envelope ON public.deliveries USING btree (envelope_seq);
CREATE INDEX deliveries_pending ON public.deliveries USING btree (recipient_device_id, queue_cursor) WHERE (state = 'pending'::text);
CREATE INDEX devices_by_agency ON public.devices USING btree (agency, device_id);
CREATE INDEX envelopes_by_expiry ON public.envelopes USING btree (expires_at_ms);
CREATE INDEX signature_nonces_by_expiry ON public.signature_nonces USING btree (expires_at_ms);
ALTER TABLE ONLY public.deliveries
    ADD CONSTRAINT deliveries_envelope_seq_fkey FOREIGN KEY (envelope_seq) REFERENCES public.envelopes(envelope_seq);
ALTER TABLE ONLY public.device_queues
    ADD CONSTRAINT device_queues_device_id_fkey FOREIGN KEY (device_id) REFERENCES public.devices(device_id);
ALTER TABLE ONLY public.fallback_keys
    ADD CONSTRAINT fallback_keys_device_id_fkey FOREIGN KEY (device_id) REFERENCES public.devices(device_id);
ALTER TABLE ONLY public.one_time_keys
    ADD CONSTRAINT one_time_keys_device_id_fkey FOREIGN KEY (device_id) REFERENCES public.devices(device_id);
