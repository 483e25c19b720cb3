package iam

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

type benchRole struct {
	identity, boundary []Statement
}

// benchRoles builds n roles shaped like those of real serverless
// applications: the basic execution policy everywhere, SAM-style inline
// policies on template resources, some service wildcards, a few broad AWS
// managed policies, Deny statements and boundaries. The generator is
// seeded, so every run measures the same input.
func benchRoles(n int) []benchRole {
	r := rand.New(rand.NewPCG(1, 2))
	must := func(name string) []Statement {
		sts, ok := ManagedPolicy(name)
		if !ok {
			panic("no managed policy " + name)
		}
		return sts
	}
	roles := make([]benchRole, n)
	for i := range roles {
		id := must("AWSLambdaBasicExecutionRole")
		table := fmt.Sprintf("arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table%d}", i)
		id = append(id,
			allow(list("dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query",
				"dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable",
				"dynamodb:ConditionCheckItem"), table, table+"/index/*"),
			allow(list("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion"),
				fmt.Sprintf("arn:aws:s3:::bucket-%d", i), fmt.Sprintf("arn:aws:s3:::bucket-%d/*", i)),
			allow(list("sqs:SendMessage*", "sns:Publish"), "${Queue.Arn}", "${Topic}"),
		)
		switch p := r.IntN(100); {
		case p < 2:
			id = append(id, must("AdministratorAccess")...)
		case p < 5:
			id = append(id, must("PowerUserAccess")...)
		case p < 10:
			id = append(id, must("AmazonS3FullAccess")...)
			id = append(id, must("AmazonDynamoDBFullAccess")...)
		case p < 25:
			id = append(id, allow(list("s3:*", "dynamodb:*", "lambda:*"), "*"))
		case p < 40:
			id = append(id, must("AWSLambdaVPCAccessExecutionRole")...)
			id = append(id, must("AWSXrayWriteOnlyAccess")...)
		}
		if r.IntN(10) == 0 {
			id = append(id, deny(list("s3:Delete*", "dynamodb:DeleteTable"), "*"))
		}
		var boundary []Statement
		if r.IntN(10) == 0 {
			boundary = []Statement{allow(list("s3:*", "dynamodb:*", "logs:*", "sqs:*", "sns:*", "xray:*"), "*"), deny(list("iam:*"), "*")}
		}
		roles[i] = benchRole{identity: id, boundary: boundary}
	}
	return roles
}

func BenchmarkEffectiveRisks500Roles(b *testing.B) {
	roles := benchRoles(500)
	Risks(Effective(roles[0].identity, nil)) // load the catalog, managed policies and risk table outside the timing
	b.ReportAllocs()
	grants, hits := 0, 0
	for b.Loop() {
		grants, hits = 0, 0
		for _, r := range roles {
			gs := Effective(r.identity, r.boundary)
			grants += len(gs)
			hits += len(Risks(gs))
		}
	}
	b.ReportMetric(float64(grants), "grants")
	b.ReportMetric(float64(hits), "hits")
}

func BenchmarkEffectiveAdministratorAccess(b *testing.B) {
	admin, _ := ManagedPolicy("AdministratorAccess")
	b.ReportAllocs()
	for b.Loop() {
		Risks(Effective(admin, nil))
	}
}

func BenchmarkAllowed(b *testing.B) {
	roles := benchRoles(20)
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range roles {
			Allowed(r.identity, r.boundary, "s3:GetObject", "arn:aws:s3:::bucket-3/key")
		}
	}
}

func BenchmarkDecodeCatalog(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeCatalog(catalogGz); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeManaged(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeManaged(managedGz); err != nil {
			b.Fatal(err)
		}
	}
}
