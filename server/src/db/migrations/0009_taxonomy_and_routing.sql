CREATE TABLE "routing_rule" (
	"id" uuid PRIMARY KEY NOT NULL,
	"rule_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"code_set" varchar(40) NOT NULL,
	"category_code" varchar(16) NOT NULL,
	"division_code" varchar(12) NOT NULL,
	"from_minute" smallint,
	"to_minute" smallint,
	"lead_unit_id" uuid NOT NULL,
	"assist_unit_ids" uuid[] NOT NULL,
	"priority" integer NOT NULL,
	"note" text,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" varchar(64) NOT NULL,
	"owner_division" varchar(12) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "taxonomy_category" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code_set" varchar(40) NOT NULL,
	"code" varchar(16) NOT NULL,
	"parent_code" varchar(16),
	"level" varchar(12) NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"rules" jsonb,
	"position" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" varchar(64) NOT NULL,
	"owner_division" varchar(12) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "taxonomy_code_set" (
	"key" varchar(40) PRIMARY KEY NOT NULL,
	"kind" varchar(16) NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"standard" text,
	"active" boolean NOT NULL,
	"owner_division" varchar(12) NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "taxonomy_crosswalk" (
	"from_set" varchar(40) NOT NULL,
	"from_code" varchar(16) NOT NULL,
	"to_set" varchar(40) NOT NULL,
	"to_code" varchar(16) NOT NULL,
	"owner_division" varchar(12) NOT NULL,
	CONSTRAINT "taxonomy_crosswalk_from_set_from_code_to_set_to_code_pk" PRIMARY KEY("from_set","from_code","to_set","to_code")
);
--> statement-breakpoint
ALTER TABLE "taxonomy_category" ADD CONSTRAINT "taxonomy_category_code_set_taxonomy_code_set_key_fk" FOREIGN KEY ("code_set") REFERENCES "public"."taxonomy_code_set"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taxonomy_crosswalk" ADD CONSTRAINT "taxonomy_crosswalk_from_set_taxonomy_code_set_key_fk" FOREIGN KEY ("from_set") REFERENCES "public"."taxonomy_code_set"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "taxonomy_crosswalk" ADD CONSTRAINT "taxonomy_crosswalk_to_set_taxonomy_code_set_key_fk" FOREIGN KEY ("to_set") REFERENCES "public"."taxonomy_code_set"("key") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "routing_rule_lookup_idx" ON "routing_rule" USING btree ("code_set","category_code","division_code");--> statement-breakpoint
CREATE INDEX "routing_rule_rule_idx" ON "routing_rule" USING btree ("rule_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "taxonomy_category_version_uq" ON "taxonomy_category" USING btree ("code_set","code","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "taxonomy_category_current_uq" ON "taxonomy_category" USING btree ("code_set","code") WHERE valid_to is null;--> statement-breakpoint
CREATE INDEX "taxonomy_category_parent_idx" ON "taxonomy_category" USING btree ("code_set","parent_code");