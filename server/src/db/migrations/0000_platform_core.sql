CREATE TABLE "idempotency_key" (
	"scope" text NOT NULL,
	"key" varchar(200) NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"status_code" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_key_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "seed_run" (
	"name" text PRIMARY KEY NOT NULL,
	"applied_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "config_version" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"division_code" varchar(12) NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"value" jsonb NOT NULL,
	"note" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "config_version_period_uq" UNIQUE("key","division_code","effective_from")
);
--> statement-breakpoint
CREATE TABLE "attachment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"sha256" char(64) NOT NULL,
	"size" bigint NOT NULL,
	"media_type" text NOT NULL,
	"original_name" text NOT NULL,
	"width" integer,
	"height" integer,
	"thumbnail_sha256" char(64),
	"public_sha256" char(64),
	"had_location" boolean NOT NULL,
	"owner_division" varchar(12) NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_run" (
	"id" uuid PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"attempt" integer NOT NULL,
	"worker" text NOT NULL,
	"status" text NOT NULL,
	"message" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "job" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"key" text NOT NULL,
	"cron" text,
	"run_at" timestamp with time zone,
	"payload" jsonb NOT NULL,
	"status" text NOT NULL,
	"next_run_at" timestamp with time zone,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"attempts" integer NOT NULL,
	"max_attempts" integer NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_status" text,
	"last_error" text,
	"owner_division" varchar(12) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "job_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "scheduler_heartbeat" (
	"id" uuid PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"worker" text NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_run" ADD CONSTRAINT "job_run_job_id_job_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."job"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachment_sha_idx" ON "attachment" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "job_run_job_idx" ON "job_run" USING btree ("job_id","started_at");--> statement-breakpoint
CREATE INDEX "job_due_idx" ON "job" USING btree ("status","next_run_at");