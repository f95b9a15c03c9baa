CREATE TABLE "case_number_counter" (
	"county" varchar(6) NOT NULL,
	"day" date NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "case_number_counter_county_day_pk" PRIMARY KEY("county","day")
);
