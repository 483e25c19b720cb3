package runtimes

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestEmbeddedTableParses(t *testing.T) {
	if _, err := parse(tableYAML); err != nil {
		t.Fatalf("parse(runtimes.yaml) = %v", err)
	}
	for _, p := range []Provider{AWS, GCP, Azure} {
		if !strings.HasPrefix(Source(p), "https://") {
			t.Errorf("Source(%s) = %q, want an https URL", p, Source(p))
		}
	}
}

func TestParseRejects(t *testing.T) {
	const src = "sources:\n  - {provider: aws, url: https://example.com}\n"
	tests := []struct {
		name, in string
	}{
		{"empty", ""},
		{"unknown top-level field", src + "extra: 1\nruntimes:\n  - {provider: aws, id: a, language: x}\n"},
		{"unknown entry field", src + "runtimes:\n  - {provider: aws, id: a, language: x, deprecation: \"2020-01-01\"}\n"},
		{"unknown provider", src + "runtimes:\n  - {provider: ibm, id: a, language: x}\n"},
		{"no source for provider", src + "runtimes:\n  - {provider: gcp, id: a, language: x}\n"},
		{"source without url", "sources:\n  - {provider: aws}\nruntimes:\n  - {provider: aws, id: a, language: x}\n"},
		{"no id", src + "runtimes:\n  - {provider: aws, language: x}\n"},
		{"spaces in id", src + "runtimes:\n  - {provider: aws, id: \" a\", language: x}\n"},
		{"no language", src + "runtimes:\n  - {provider: aws, id: a}\n"},
		{"bad date", src + "runtimes:\n  - {provider: aws, id: a, language: x, deprecated: \"30 Apr 2026\"}\n"},
		{"duplicate", src + "runtimes:\n  - {provider: aws, id: a, language: x}\n  - {provider: aws, id: a, language: y}\n"},
		{"no runtimes", src + "runtimes: []\n"},
		{"not yaml", "runtimes: [\n"},
	}
	for _, tc := range tests {
		if _, err := parse([]byte(tc.in)); err == nil {
			t.Errorf("parse(%s: %q) = nil error, want an error", tc.name, tc.in)
		}
	}
}

// awsAPIRuntimes is the Runtime enum of the Lambda API (botocore 1.43.11):
// every identifier Lambda has ever accepted.
var awsAPIRuntimes = []string{
	"nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x",
	"java8", "java8.al2", "java11", "python2.7", "python3.6", "python3.7", "python3.8", "python3.9",
	"dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "dotnet8", "nodejs4.3-edge",
	"go1.x", "ruby2.5", "ruby2.7", "provided", "provided.al2", "nodejs18.x", "python3.10", "java17", "ruby3.2",
	"ruby3.3", "ruby3.4", "python3.11", "nodejs20.x", "provided.al2023", "python3.12", "java21", "python3.13",
	"nodejs22.x", "nodejs24.x", "python3.14", "java25", "dotnet10", "ruby4.0",
}

func TestAWSTableCoversAPI(t *testing.T) {
	var got []string
	for _, r := range All(AWS) {
		got = append(got, r.ID)
	}
	want := append([]string(nil), awsAPIRuntimes...)
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AWS runtime IDs (-API enum +table):\n%s", diff)
	}
}

// publishedOutOfOrder lists runtimes whose published block dates precede the
// deprecation date; each must say so in its note.
var publishedOutOfOrder = map[string]bool{
	"nodejs8.10": true, "nodejs6.10": true, "nodejs4.3": true, "nodejs4.3-edge": true, "dotnetcore2.0": true,
}

func TestEveryEntry(t *testing.T) {
	for _, p := range []Provider{AWS, GCP, Azure} {
		all := All(p)
		if len(all) == 0 {
			t.Errorf("All(%s) is empty", p)
		}
		if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].ID < all[j].ID }) {
			t.Errorf("All(%s) is not sorted by ID", p)
		}
		for _, r := range all {
			checkEntry(t, r)
		}
	}
}

func checkEntry(t *testing.T, r Runtime) {
	t.Helper()
	if r.Language == "" || r.Version == "" {
		t.Errorf("%s %s: Language %q, Version %q; want both", r.Provider, r.ID, r.Language, r.Version)
	}
	if r.Deprecated.IsZero() && r.BlockCreate.IsZero() && r.BlockUpdate.IsZero() && r.Note == "" {
		t.Errorf("%s %s: no date and no note saying why", r.Provider, r.ID)
	}
	if !r.BlockCreate.IsZero() && !r.BlockUpdate.IsZero() && r.BlockUpdate.Before(r.BlockCreate) {
		t.Errorf("%s %s: block update %s before block create %s", r.Provider, r.ID, r.BlockUpdate.Format(time.DateOnly), r.BlockCreate.Format(time.DateOnly))
	}
	early := (!r.BlockCreate.IsZero() && r.BlockCreate.Before(r.Deprecated)) ||
		(!r.BlockUpdate.IsZero() && r.BlockUpdate.Before(r.Deprecated))
	switch {
	case early && !publishedOutOfOrder[r.ID]:
		t.Errorf("%s %s: a block date precedes deprecation %s", r.Provider, r.ID, r.Deprecated.Format(time.DateOnly))
	case early && !strings.Contains(r.Note, "As published"):
		t.Errorf("%s %s: out-of-order dates without a note", r.Provider, r.ID)
	case !early && publishedOutOfOrder[r.ID] && r.Provider == AWS:
		t.Errorf("%s %s: listed as out of order but is not", r.Provider, r.ID)
	}
}

func TestClassify(t *testing.T) {
	const month = 30 * 24 * time.Hour
	tests := []struct {
		p      Provider
		id     string
		now    string
		soon   time.Duration
		status Status
	}{
		// nodejs20.x: deprecated 2026-04-30, create blocked 2026-08-31, update blocked 2026-09-30.
		{AWS, "nodejs20.x", "2026-03-30", month, Supported},
		{AWS, "nodejs20.x", "2026-03-31", month, DeprecationSoon}, // 30 days before, inclusive
		{AWS, "nodejs20.x", "2026-04-29", 0, Supported},
		{AWS, "nodejs20.x", "2026-04-30", 0, Deprecated},
		{AWS, "nodejs20.x", "2026-08-30", month, Deprecated},
		{AWS, "nodejs20.x", "2026-08-31", 0, Blocked},
		{AWS, "nodejs20.x", "2030-01-01", 0, Blocked},
		{AWS, "nodejs24.x", "2026-11-22", month, Supported},
		{AWS, "nodejs24.x", "2026-11-22", 2 * 365 * 24 * time.Hour, DeprecationSoon},
		{AWS, "python3.10", "2026-11-22", month, Deprecated},
		{AWS, "python3.10", "2026-11-30", month, Blocked},
		{AWS, "dotnet8", "2026-11-09", month, DeprecationSoon},
		{AWS, "dotnet8", "2026-11-10", month, Deprecated},
		// nodejs8.10: creation was blocked (2020-02-04) before deprecation (2020-03-06).
		{AWS, "nodejs8.10", "2020-02-03", 0, Supported},
		{AWS, "nodejs8.10", "2020-02-04", 0, Blocked},
		{AWS, " nodejs18.x ", "2026-11-22", 0, Blocked},
		// GCP: decommission blocks create and update.
		{GCP, "nodejs20", "2026-10-29", 0, Deprecated},
		{GCP, "nodejs20", "2026-10-30", 0, Blocked},
		{GCP, "nodejs8", "2026-11-22", 0, Deprecated}, // decommission published as a month only
		{GCP, "nodejs26", "2026-11-22", month, Supported},
		// Azure: only an end-of-support date, so never Blocked; case-insensitive.
		{Azure, "node|18", "2025-04-29", 0, Supported},
		{Azure, "node|18", "2025-04-30", 0, Deprecated},
		{Azure, "Node|18", "2030-01-01", 0, Deprecated},
		{Azure, "java|17", "2030-01-01", month, Supported},
		// Unknown: placeholders, misspellings, wrong case, wrong provider.
		{AWS, "${runtime}", "2026-11-22", month, Unknown},
		{AWS, "nodejs", "2026-11-22", month, Unknown},
		{AWS, "", "2026-11-22", month, Unknown},
		{AWS, "   ", "2026-11-22", month, Unknown},
		{AWS, "nodej18.x", "2026-11-22", month, Unknown},
		{AWS, "python3.99", "2026-11-22", month, Unknown},
		{AWS, "Nodejs18.x", "2026-11-22", month, Unknown},
		{GCP, "nodejs18.x", "2026-11-22", month, Unknown},
		{Provider("ibm"), "nodejs18.x", "2026-11-22", month, Unknown},
	}
	for _, tc := range tests {
		r, got := Classify(tc.p, tc.id, day(tc.now), tc.soon)
		if got != tc.status {
			t.Errorf("Classify(%s, %q, %s, %v) = %v, want %v", tc.p, tc.id, tc.now, tc.soon, got, tc.status)
		}
		if got != Unknown && r.ID != strings.ToLower(strings.TrimSpace(tc.id)) && r.ID != strings.TrimSpace(tc.id) {
			t.Errorf("Classify(%s, %q) returned runtime %q", tc.p, tc.id, r.ID)
		}
	}
}

// TestClassifyWithinDay checks that a date begins at 00:00 UTC.
func TestClassifyWithinDay(t *testing.T) {
	before := time.Date(2026, 4, 29, 23, 59, 59, 0, time.UTC)
	at := time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)
	if _, s := Classify(AWS, "nodejs20.x", before, 0); s != Supported {
		t.Errorf("Classify(nodejs20.x, %v) = %v, want supported", before, s)
	}
	if _, s := Classify(AWS, "nodejs20.x", at, 0); s != Deprecated {
		t.Errorf("Classify(nodejs20.x, %v) = %v, want deprecated", at, s)
	}
}

func TestLookup(t *testing.T) {
	r, ok := Lookup(AWS, "python3.12")
	want := Runtime{
		Provider: AWS, ID: "python3.12", Language: "python", Version: "3.12",
		Deprecated: day("2028-10-31"), BlockCreate: day("2028-11-30"), BlockUpdate: day("2029-01-10"),
	}
	if !ok {
		t.Fatal(`Lookup(aws, "python3.12") not found`)
	}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("Lookup(aws, python3.12) (-want +got):\n%s", diff)
	}
	if r, ok := Lookup(Azure, " DOTNET-ISOLATED|8.0 "); !ok || r.ID != "dotnet-isolated|8.0" {
		t.Errorf("Lookup(azure, DOTNET-ISOLATED|8.0) = %q, %v; want dotnet-isolated|8.0", r.ID, ok)
	}
	if _, ok := Lookup(AWS, "JAVA21"); ok {
		t.Error("Lookup(aws, JAVA21) found; AWS identifiers are case-sensitive")
	}
}

func TestAllIsACopy(t *testing.T) {
	a := All(AWS)
	a[0].ID = "changed"
	if All(AWS)[0].ID == "changed" {
		t.Error("All returned the shared slice")
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		p      Provider
		in     string
		want   string
		wantOK bool
	}{
		{AWS, "nodej18.x", "nodejs18.x", true},
		{AWS, "python3.99", "python3.9", true},
		{AWS, "pyhton3.12", "python3.12", true},
		{AWS, "nodejs18", "nodejs18.x", true},
		{AWS, " java2l ", "java21", true},
		{AWS, "python3.1", "python3.10", true}, // ties broken by ID order
		{AWS, "provided.al2024", "provided.al2023", true},
		{GCP, "nodejs18.x", "nodejs18", true},
		{Azure, "Node|22.x", "node|22", true},
		{AWS, "nodejs18.x", "", false}, // known
		{AWS, "", "", false},
		{AWS, "${runtime}", "", false},
		{AWS, "nodejs", "", false}, // generic, known
		{AWS, "cobol", "", false},
		{AWS, "nodejs18.x-with-a-long-suffix", "", false},
		{Provider("ibm"), "nodej18.x", "", false},
	}
	for _, tc := range tests {
		got, ok := Suggest(tc.p, tc.in)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("Suggest(%s, %q) = %q, %v; want %q, %v", tc.p, tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 3, 0},
		{"abc", "abc", 3, 0},
		{"nodej18.x", "nodejs18.x", 3, 1},
		{"pyhton", "python", 3, 2},
		{"kitten", "sitting", 4, 3},
		{"kitten", "sitting", 3, 3}, // capped at limit
		{"a", "abcdef", 3, 3},
	}
	for _, tc := range tests {
		if got := editDistance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}

func TestStatusString(t *testing.T) {
	got := []string{Unknown.String(), Supported.String(), DeprecationSoon.String(), Deprecated.String(), Blocked.String()}
	want := []string{"unknown", "supported", "deprecation soon", "deprecated", "blocked"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Status strings (-want +got):\n%s", diff)
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"nodejs20.x", "nodej18.x", "${runtime}", "", "Node|18", "python3.99", "provided.al2023"} {
		f.Add("aws", s)
	}
	f.Add("azure", "DOTNET-ISOLATED|8.0")
	f.Add("gcp", "nodejs22")
	now := day("2026-11-22")
	f.Fuzz(func(t *testing.T, provider, id string) {
		p := Provider(provider)
		r, st := Classify(p, id, now, 90*24*time.Hour)
		if st != Unknown {
			if _, ok := Lookup(p, id); !ok || r.ID == "" {
				t.Fatalf("Classify(%q, %q) = %v for an identifier Lookup does not know", p, id, st)
			}
		}
		s, ok := Suggest(p, id)
		if !ok {
			return
		}
		if _, known := Lookup(p, s); !known {
			t.Fatalf("Suggest(%q, %q) = %q, not a known runtime", p, id, s)
		}
		in := strings.TrimSpace(id)
		if p == Azure {
			in = strings.ToLower(in)
		}
		if d := editDistance(in, s, 10); d > maxSuggestDistance {
			t.Fatalf("Suggest(%q, %q) = %q at distance %d", p, id, s, d)
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add(tableYAML)
	f.Add([]byte("sources:\n  - {provider: aws, url: https://example.com}\nruntimes:\n  - {provider: aws, id: a, language: x, deprecated: \"2020-01-01\"}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := parse(data)
		if err != nil {
			return
		}
		for _, r := range tb.byKey {
			if r.ID == "" || r.Language == "" || tb.sources[r.Provider] == "" {
				t.Fatalf("accepted incomplete runtime %+v", r)
			}
		}
	})
}

func BenchmarkClassify(b *testing.B) {
	now := day("2026-11-22")
	get()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Classify(AWS, "nodejs20.x", now, 90*24*time.Hour)
	}
}

func BenchmarkSuggest(b *testing.B) {
	get()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Suggest(AWS, "nodej18.x")
	}
}

func BenchmarkParse(b *testing.B) {
	b.SetBytes(int64(len(tableYAML)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := parse(tableYAML); err != nil {
			b.Fatal(err)
		}
	}
}
