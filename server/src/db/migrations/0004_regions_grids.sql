CREATE TABLE "grid_index_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_post" (
	"id" uuid PRIMARY KEY NOT NULL,
	"grid_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"post" varchar(16) NOT NULL,
	"duties" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"end_reason" text,
	"owner_division" varchar(12) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_duty_schedule" (
	"id" uuid PRIMARY KEY NOT NULL,
	"grid_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"weekdays" jsonb NOT NULL,
	"start_time" varchar(5) NOT NULL,
	"end_time" varchar(5) NOT NULL,
	"patrols_per_day" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"owner_division" varchar(12) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" varchar(15) NOT NULL,
	"name" text NOT NULL,
	"kind" varchar(12) NOT NULL,
	"community_code" varchar(12) NOT NULL,
	"status" varchar(12) NOT NULL,
	"geometry" jsonb NOT NULL,
	"area_m2" double precision NOT NULL,
	"min_lng" double precision NOT NULL,
	"min_lat" double precision NOT NULL,
	"max_lng" double precision NOT NULL,
	"max_lat" double precision NOT NULL,
	"geometry_source" varchar(16) NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"note" text,
	"version" integer NOT NULL,
	"owner_division" varchar(12) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "division" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" varchar(12) NOT NULL,
	"name" text NOT NULL,
	"level" varchar(12) NOT NULL,
	"kind" varchar(24) NOT NULL,
	"parent_code" varchar(12),
	"valid_from" date NOT NULL,
	"valid_to" date,
	"source" text NOT NULL,
	"geometry" jsonb,
	"geometry_source" varchar(16),
	"area_m2" double precision,
	"label_lng" double precision,
	"label_lat" double precision,
	"owner_division" varchar(12) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "grid_post" ADD CONSTRAINT "grid_post_grid_id_grid_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grid"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_post" ADD CONSTRAINT "grid_post_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_duty_schedule" ADD CONSTRAINT "grid_duty_schedule_grid_id_grid_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grid"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_duty_schedule" ADD CONSTRAINT "grid_duty_schedule_post_id_grid_post_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."grid_post"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grid_post_grid_idx" ON "grid_post" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "grid_post_person_idx" ON "grid_post" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "grid_post_owner_idx" ON "grid_post" USING btree ("owner_division");--> statement-breakpoint
CREATE INDEX "grid_schedule_grid_idx" ON "grid_duty_schedule" USING btree ("grid_id");--> statement-breakpoint
CREATE INDEX "grid_schedule_post_idx" ON "grid_duty_schedule" USING btree ("post_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grid_current_code_uq" ON "grid" USING btree ("code") WHERE valid_to is null;--> statement-breakpoint
CREATE INDEX "grid_community_idx" ON "grid" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "grid_owner_idx" ON "grid" USING btree ("owner_division");--> statement-breakpoint
CREATE UNIQUE INDEX "division_current_code_uq" ON "division" USING btree ("code") WHERE valid_to is null;--> statement-breakpoint
CREATE INDEX "division_code_idx" ON "division" USING btree ("code","valid_from");--> statement-breakpoint
CREATE INDEX "division_parent_idx" ON "division" USING btree ("parent_code");