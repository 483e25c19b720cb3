package sampolicy

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// rawFile decodes the embedded file independently of parse, so counts and
// contents are checked against the data rather than against the code.
func rawFile(t *testing.T) map[string]json.RawMessage {
	t.Helper()
	var f struct {
		Templates map[string]json.RawMessage `json:"Templates"`
	}
	if err := json.Unmarshal(templatesJSON, &f); err != nil {
		t.Fatalf("decode embedded file: %v", err)
	}
	return f.Templates
}

func TestNamesMatchFile(t *testing.T) {
	raw := rawFile(t)
	names := Names()
	if len(names) != len(raw) {
		t.Fatalf("len(Names()) = %d, want %d (templates in the file)", len(names), len(raw))
	}
	// The SAM file has only ever grown; 81 templates at the embedded commit.
	if len(names) < 81 {
		t.Errorf("len(Names()) = %d, want at least 81", len(names))
	}
	if !sort.StringsAreSorted(names) {
		t.Errorf("Names() is not sorted: %q", names)
	}
	for _, n := range names {
		if _, ok := raw[n]; !ok {
			t.Errorf("Names() has %q, which the file does not", n)
		}
	}
}

func TestVersion(t *testing.T) {
	if got, want := Version(), "0.0.1"; got != want {
		t.Errorf("Version() = %q, want %q", got, want)
	}
}

func TestLookupUnknown(t *testing.T) {
	for _, name := range []string{"", "dynamodbcrudpolicy", "DynamoDBCrudPolicy ", "NoSuchPolicy"} {
		if tpl, ok := Lookup(name); ok || tpl != nil {
			t.Errorf("Lookup(%q) = %v, %v; want nil, false", name, tpl, ok)
		}
	}
}

// actions returns the Action values of statement i, whether SAM wrote a list
// or a single string.
func actions(t *testing.T, tpl *Template, i int) []string {
	t.Helper()
	st := tpl.Statements[i].(map[string]any)
	switch a := st["Action"].(type) {
	case string:
		return []string{a}
	case []any:
		out := make([]string, len(a))
		for j, v := range a {
			out[j] = v.(string)
		}
		return out
	default:
		t.Fatalf("%s statement %d: Action is %T", tpl.Name, i, a)
		return nil
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestDynamoDBCrudPolicy(t *testing.T) {
	tpl, ok := Lookup("DynamoDBCrudPolicy")
	if !ok {
		t.Fatal(`Lookup("DynamoDBCrudPolicy") not found`)
	}
	if diff := cmp.Diff([]string{"TableName"}, tpl.Parameters); diff != "" {
		t.Errorf("Parameters (-want +got):\n%s", diff)
	}
	if len(tpl.Statements) != 1 {
		t.Fatalf("len(Statements) = %d, want 1", len(tpl.Statements))
	}
	acts := actions(t, tpl, 0)
	for _, want := range []string{"dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:Query"} {
		if !contains(acts, want) {
			t.Errorf("DynamoDBCrudPolicy actions %q lack %q", acts, want)
		}
	}
	wantResource := []any{
		map[string]any{"Fn::Sub": []any{
			"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
			map[string]any{"tableName": map[string]any{"Ref": "TableName"}},
		}},
		map[string]any{"Fn::Sub": []any{
			"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*",
			map[string]any{"tableName": map[string]any{"Ref": "TableName"}},
		}},
	}
	got := tpl.Statements[0].(map[string]any)["Resource"]
	if diff := cmp.Diff(wantResource, got); diff != "" {
		t.Errorf("Resource (-want +got):\n%s", diff)
	}
}

func TestTemplatesAgainstData(t *testing.T) {
	sub := func(arn, local, param string) map[string]any {
		return map[string]any{"Fn::Sub": []any{arn, map[string]any{local: map[string]any{"Ref": param}}}}
	}
	tests := []struct {
		name string
		want Template
	}{
		{"S3ReadPolicy", Template{
			Name:        "S3ReadPolicy",
			Description: "Gives read permissions to objects in the S3 Bucket",
			Parameters:  []string{"BucketName"},
			Statements: []any{map[string]any{
				"Effect": "Allow",
				"Action": []any{"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:GetLifecycleConfiguration"},
				"Resource": []any{
					sub("arn:${AWS::Partition}:s3:::${bucketName}", "bucketName", "BucketName"),
					sub("arn:${AWS::Partition}:s3:::${bucketName}/*", "bucketName", "BucketName"),
				},
			}},
		}},
		{"SQSSendMessagePolicy", Template{
			Name:        "SQSSendMessagePolicy",
			Description: "Gives permission to send message to SQS Queue",
			Parameters:  []string{"QueueName"},
			Statements: []any{map[string]any{
				"Effect":   "Allow",
				"Action":   []any{"sqs:SendMessage*"},
				"Resource": sub("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}", "queueName", "QueueName"),
			}},
		}},
		{"S3FullAccessPolicy", Template{
			Name:        "S3FullAccessPolicy",
			Description: "Gives full access permissions to objects in the S3 Bucket",
			Parameters:  []string{"BucketName"},
			Statements: []any{
				map[string]any{
					"Effect": "Allow",
					"Action": []any{
						"s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl",
						"s3:DeleteObject", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging", "s3:GetObjectTagging",
						"s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging",
					},
					"Resource": []any{sub("arn:${AWS::Partition}:s3:::${bucketName}/*", "bucketName", "BucketName")},
				},
				map[string]any{
					"Effect":   "Allow",
					"Action":   []any{"s3:ListBucket", "s3:GetBucketLocation", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration"},
					"Resource": []any{sub("arn:${AWS::Partition}:s3:::${bucketName}", "bucketName", "BucketName")},
				},
			},
		}},
		{"DynamoDBStreamReadPolicy", Template{
			Name:        "DynamoDBStreamReadPolicy",
			Description: "Gives permission to describe and read a DynamoDB Stream and Records",
			Parameters:  []string{"StreamName", "TableName"},
			Statements: []any{
				map[string]any{
					"Effect": "Allow",
					"Action": []any{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"},
					"Resource": map[string]any{"Fn::Sub": []any{
						"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/stream/${streamName}",
						map[string]any{
							"streamName": map[string]any{"Ref": "StreamName"},
							"tableName":  map[string]any{"Ref": "TableName"},
						},
					}},
				},
				map[string]any{
					"Effect":   "Allow",
					"Action":   []any{"dynamodb:ListStreams"},
					"Resource": sub("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/stream/*", "tableName", "TableName"),
				},
			},
		}},
	}
	for _, tc := range tests {
		got, ok := Lookup(tc.name)
		if !ok {
			t.Errorf("Lookup(%q) not found", tc.name)
			continue
		}
		if diff := cmp.Diff(&tc.want, got); diff != "" {
			t.Errorf("Lookup(%q) (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestTemplatesWithoutParameters(t *testing.T) {
	for _, name := range []string{"CloudWatchPutMetricPolicy", "VPCAccessPolicy", "AMIDescribePolicy", "TextractPolicy"} {
		tpl, ok := Lookup(name)
		if !ok {
			t.Errorf("Lookup(%q) not found", name)
			continue
		}
		if len(tpl.Parameters) != 0 {
			t.Errorf("%s Parameters = %q, want none", name, tpl.Parameters)
		}
	}
	tpl, _ := Lookup("CloudWatchPutMetricPolicy")
	want := []any{map[string]any{"Effect": "Allow", "Action": []any{"cloudwatch:PutMetricData"}, "Resource": "*"}}
	if diff := cmp.Diff(want, tpl.Statements); diff != "" {
		t.Errorf("CloudWatchPutMetricPolicy Statements (-want +got):\n%s", diff)
	}
}

// TestEveryTemplate checks the shape the loader relies on, and that every
// parameter a template declares is used by a Ref somewhere in it.
func TestEveryTemplate(t *testing.T) {
	raw := rawFile(t)
	for _, name := range Names() {
		tpl, ok := Lookup(name)
		if !ok {
			t.Fatalf("Lookup(%q) not found though Names() lists it", name)
		}
		if tpl.Name != name || tpl.Description == "" {
			t.Errorf("%s: Name = %q, Description = %q", name, tpl.Name, tpl.Description)
		}
		var f struct {
			Parameters map[string]any `json:"Parameters"`
		}
		if err := json.Unmarshal(raw[name], &f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(f.Parameters) != len(tpl.Parameters) {
			t.Errorf("%s: %d parameters, file has %d", name, len(tpl.Parameters), len(f.Parameters))
		}
		if !sort.StringsAreSorted(tpl.Parameters) {
			t.Errorf("%s: Parameters %q not sorted", name, tpl.Parameters)
		}
		if len(tpl.Statements) == 0 {
			t.Errorf("%s: no statements", name)
		}
		for i, s := range tpl.Statements {
			m, ok := s.(map[string]any)
			if !ok {
				t.Errorf("%s statement %d is %T, want map", name, i, s)
				continue
			}
			for _, key := range []string{"Effect", "Action"} {
				if _, ok := m[key]; !ok {
					t.Errorf("%s statement %d has no %s", name, i, key)
				}
			}
		}
		refs := map[string]bool{}
		collectRefs(tpl.Statements, refs)
		for _, p := range tpl.Parameters {
			if !refs[p] {
				t.Errorf("%s: parameter %s is never referenced", name, p)
			}
		}
	}
}

func collectRefs(v any, refs map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if r, ok := x["Ref"].(string); ok {
			refs[r] = true
		}
		for _, e := range x {
			collectRefs(e, refs)
		}
	case []any:
		for _, e := range x {
			collectRefs(e, refs)
		}
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	a, _ := Lookup("S3ReadPolicy")
	st := a.Statements[0].(map[string]any)
	st["Action"] = "s3:*"
	a.Parameters[0] = "Changed"
	b, _ := Lookup("S3ReadPolicy")
	if got := b.Statements[0].(map[string]any)["Action"]; cmp.Equal(got, "s3:*") {
		t.Errorf("second Lookup sees the first caller's change: Action = %v", got)
	}
	if b.Parameters[0] != "BucketName" {
		t.Errorf("second Lookup Parameters = %q, want [BucketName]", b.Parameters)
	}
}

func TestParseRejectsBadShapes(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"not json", `{`},
		{"no templates", `{"Version":"1","Templates":{}}`},
		{"no statement", `{"Templates":{"A":{"Definition":{}}}}`},
		{"empty statement", `{"Templates":{"A":{"Definition":{"Statement":[]}}}}`},
		{"statement not object", `{"Templates":{"A":{"Definition":{"Statement":["x"]}}}}`},
		{"no effect", `{"Templates":{"A":{"Definition":{"Statement":[{"Action":"s3:*"}]}}}}`},
		{"no action", `{"Templates":{"A":{"Definition":{"Statement":[{"Effect":"Allow"}]}}}}`},
	}
	for _, tc := range tests {
		if _, err := parse([]byte(tc.in)); err == nil {
			t.Errorf("parse(%s: %q) = nil error, want an error", tc.name, tc.in)
		}
	}
}

// TestNoticeNamesSource keeps the provenance file beside the data.
func TestNoticeNamesSource(t *testing.T) {
	b, err := os.ReadFile("NOTICE")
	if err != nil {
		t.Fatalf("read NOTICE: %v", err)
	}
	for _, want := range []string{"aws/serverless-application-model", "Apache License, Version 2.0"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("NOTICE does not mention %q", want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(templatesJSON)
	f.Add([]byte(`{"Version":"0.0.1","Templates":{"A":{"Description":"d","Parameters":{"P":{}},"Definition":{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":{"Ref":"P"}}]}}}}`))
	f.Add([]byte(`{"Templates":{"A":{"Definition":{"Statement":[]}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parse(data)
		if err != nil {
			return
		}
		if len(c.names) != len(c.templates) || !sort.StringsAreSorted(c.names) {
			t.Fatalf("names %q do not match %d templates", c.names, len(c.templates))
		}
		for _, tpl := range c.templates {
			if len(tpl.Statements) == 0 {
				t.Fatalf("%s: accepted with no statements", tpl.Name)
			}
			_ = tpl.clone()
		}
	})
}

func BenchmarkLookup(b *testing.B) {
	get()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ok := Lookup("DynamoDBCrudPolicy"); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.SetBytes(int64(len(templatesJSON)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := parse(templatesJSON); err != nil {
			b.Fatal(err)
		}
	}
}
