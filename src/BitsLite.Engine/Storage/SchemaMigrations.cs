namespace BitsLite.Engine.Storage;

/// <summary>
/// The job database's schema, one step per version. Steps are only ever appended: a released
/// step never changes, so every database can be brought forward from whatever version it has.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>Marks the file as ours ('BLT1'), so a foreign SQLite file is never mistaken for an empty store.</summary>
    public const int ApplicationId = 0x424C5431;

    public static readonly SchemaStep[] Steps =
    [
        // Version 1.
        new("""
        CREATE TABLE jobs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            display_name TEXT NOT NULL,
            description TEXT NOT NULL,
            owner TEXT NOT NULL,
            type INTEGER NOT NULL,
            priority INTEGER NOT NULL,
            state INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            modified_ms INTEGER NOT NULL,
            completed_ms INTEGER,
            retry_interval_ms INTEGER NOT NULL,
            retry_timeout_ms INTEGER NOT NULL,
            max_download_time_ms INTEGER,
            max_bandwidth INTEGER,
            custom_headers TEXT NOT NULL,
            error_context INTEGER,
            error_description TEXT,
            error_http_status INTEGER,
            error_source TEXT,
            error_transient INTEGER,
            error_ms INTEGER,
            error_count INTEGER NOT NULL DEFAULT 0,
            last_progress_ms INTEGER NOT NULL,
            active_time_ms INTEGER NOT NULL DEFAULT 0
        );
        -- Live jobs (not Acknowledged = 7, not Cancelled = 8) are what start-up loads; this keeps that cost
        -- proportional to them, not to the whole history.
        CREATE INDEX jobs_live ON jobs (state) WHERE state NOT IN (7, 8);
        CREATE INDEX jobs_owner ON jobs (owner);
        CREATE TABLE files (
            job_seq INTEGER NOT NULL REFERENCES jobs (seq) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            source TEXT NOT NULL,
            destination TEXT NOT NULL,
            temp_path TEXT NOT NULL,
            bytes_total INTEGER NOT NULL DEFAULT -1,
            bytes_checkpointed INTEGER NOT NULL DEFAULT 0,
            validator TEXT,
            transferred INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (job_seq, idx)
        ) WITHOUT ROWID;
        """),

        // Version 2: host-wide settings (the policy), one row per name.
        new("""
        CREATE TABLE settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """),

        // Version 3: credentials (passwords encrypted), proxy and notification as JSON, and the network cost policy.
        new("""
        ALTER TABLE jobs ADD COLUMN credentials TEXT;
        ALTER TABLE jobs ADD COLUMN proxy TEXT;
        ALTER TABLE jobs ADD COLUMN notification TEXT;
        ALTER TABLE jobs ADD COLUMN transfer_policy INTEGER NOT NULL DEFAULT 0;
        """),

        // Version 4: uploads. The reply file (UploadReply), the upload method, the open BITS session and the host it
        // lives on (BITS-Host-Id), the reply's URL, the size of a reply received whole (-1 while not), and whether
        // Close-Session was sent.
        new("""
        ALTER TABLE jobs ADD COLUMN reply_file TEXT;
        ALTER TABLE jobs ADD COLUMN upload_method INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN upload_session TEXT;
        ALTER TABLE jobs ADD COLUMN upload_host TEXT;
        ALTER TABLE jobs ADD COLUMN reply_url TEXT;
        ALTER TABLE jobs ADD COLUMN reply_bytes INTEGER NOT NULL DEFAULT -1;
        ALTER TABLE jobs ADD COLUMN upload_closing INTEGER NOT NULL DEFAULT 0;
        """),

        // Version 5: which file each temporary file is ("device:inode:owner", recorded when BitsLite creates it), so that
        // one put in its place is never written nor moved; and the reply's temporary file, whose name is now random.
        // Rows from before have no identity (their files are checked by owner, kind and link count instead) and no
        // reply name (the predictable one of version 4 is used).
        new("""
        ALTER TABLE files ADD COLUMN temp_identity TEXT;
        ALTER TABLE jobs ADD COLUMN reply_temp TEXT;
        ALTER TABLE jobs ADD COLUMN reply_temp_identity TEXT;
        """),

        // Version 6: a job's settings in one JSON column (its version beside it) and their secrets, passwords and custom
        // headers, encrypted in another (StoredOptions), filled from the columns of versions 1 to 5; and each file's last
        // progress time, so that a checkpoint writes its file's row alone.
        new("""
        ALTER TABLE jobs ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE jobs ADD COLUMN options_version INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE jobs ADD COLUMN secrets TEXT;
        ALTER TABLE files ADD COLUMN progress_ms INTEGER NOT NULL DEFAULT 0;
        """, OptionsColumnMigration.Fill),

        // Version 7: without the settings' own columns, which version 6 moved into options and secrets.
        new("""
        ALTER TABLE jobs DROP COLUMN display_name;
        ALTER TABLE jobs DROP COLUMN description;
        ALTER TABLE jobs DROP COLUMN priority;
        ALTER TABLE jobs DROP COLUMN retry_interval_ms;
        ALTER TABLE jobs DROP COLUMN retry_timeout_ms;
        ALTER TABLE jobs DROP COLUMN max_download_time_ms;
        ALTER TABLE jobs DROP COLUMN max_bandwidth;
        ALTER TABLE jobs DROP COLUMN custom_headers;
        ALTER TABLE jobs DROP COLUMN credentials;
        ALTER TABLE jobs DROP COLUMN proxy;
        ALTER TABLE jobs DROP COLUMN notification;
        ALTER TABLE jobs DROP COLUMN transfer_policy;
        ALTER TABLE jobs DROP COLUMN upload_method;
        """),

        // Version 8: each file's expected SHA-256, as the request gave it (null: none), and the hash it was verified
        // to have (null until it matched an expected hash or a digest the server sent), both lower-case hexadecimal.
        new("""
        ALTER TABLE files ADD COLUMN expected_sha256 TEXT;
        ALTER TABLE files ADD COLUMN verified_sha256 TEXT;
        """),

        // Version 9: each segment of a file fetched over several connections, "start-end:done,…",
        // checkpointed on its own (Running/Segments/FileSegments). NULL for a file fetched over one connection.
        new("""
        ALTER TABLE files ADD COLUMN segments TEXT;
        """),
    ];

    public static int LatestVersion => Steps.Length;
}
