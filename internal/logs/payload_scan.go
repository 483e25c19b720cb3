package logs

import (
	"strings"
	"unsafe"

	"github.com/corazawaf/libinjection-go"
	"github.com/valyala/fastjson"
)

// payloadClass is a kind of attack payload LOG107 recognises.
type payloadClass uint8

const (
	classSQLi payloadClass = iota
	classNoSQL
	classXSS
	classCommand
	classTraversal
	classSSRF
	classJNDI
	classTemplate
	classPrototype
)

var classNames = [...]string{"sqli", "nosql-injection", "xss", "command-injection", "path-traversal", "ssrf",
	"jndi", "template-injection", "prototype-pollution"}

var classTitles = [...]string{"SQL injection", "NoSQL operator injection", "cross-site scripting",
	"command injection", "path traversal", "cloud metadata or runtime API address (SSRF)",
	"JNDI lookup (Log4Shell)", "template injection", "prototype pollution"}

func (c payloadClass) String() string { return classNames[c] }
func (c payloadClass) title() string  { return classTitles[c] }

// payloadHit is what matched: the class, the value it was found in and
// the byte offset of the match in it (for the excerpt).
type payloadHit struct {
	class payloadClass
	value string
	at    int
}

// maxScan caps the bytes of one message that are scanned: payloads sit
// near the start of the logged event in practice, and the cost per line
// must stay bounded on multi-megabyte log lines.
const maxScan = 8 << 10

// maxDepth bounds JSON nested in JSON strings (an API Gateway body, an SQS
// message inside an SNS envelope).
const maxDepth = 3

// eventKeys are keys of Lambda trigger events (API Gateway, function
// URLs, ALB, S3/SQS/SNS/DynamoDB/Kinesis records, EventBridge, Cognito):
// values under an object holding one came from outside, so the weaker
// signals (SQL and NoSQL syntax, relative paths) count there and nowhere
// else.
var eventKeys = map[string]bool{
	"httpMethod": true, "requestContext": true, "queryStringParameters": true, "pathParameters": true,
	"multiValueQueryStringParameters": true, "rawPath": true, "rawQueryString": true, "routeKey": true,
	"Records": true, "detail-type": true, "triggerSource": true,
}

// eventMarks are the same keys in the text of Python and Node.js object
// dumps (print(event), console.log(event)).
var eventMarks = []string{"httpMethod", "requestContext", "queryStringParameters", "rawPath", "Records", "detail-type", "triggerSource"}

// payloadScanner finds attack payloads in log messages. It keeps one
// JSON parser per nesting depth, reused from line to line.
type payloadScanner struct {
	parsers [maxDepth]fastjson.Parser
	hit     payloadHit
	found   bool
	// st is the state of the object being visited, saved and restored
	// around nested objects.
	st                walkState
	onKey, onEventKey func([]byte, *fastjson.Value)
}

type walkState struct {
	parent  string
	inEvent bool
	depth   int
}

// scan looks for one payload in msg. The hit's value may share memory with
// the scanner's parsers: it is valid until the next call.
func (s *payloadScanner) scan(msg string) (payloadHit, bool) {
	if len(msg) > maxScan {
		msg = msg[:maxScan]
	}
	if !mayHold(msg) {
		return payloadHit{}, false
	}
	s.found = false
	if j, ok := embeddedJSON(msg); ok {
		if v, err := s.parsers[0].Parse(j); err == nil {
			s.walk(v, "", false, 0)
			return s.hit, s.found
		}
	}
	s.text(msg)
	return s.hit, s.found
}

func (s *payloadScanner) report(c payloadClass, v string, at int) {
	if !s.found {
		s.hit, s.found = payloadHit{class: c, value: v, at: at}, true
	}
}

// walk visits the keys and string values of a parsed JSON value.
func (s *payloadScanner) walk(v *fastjson.Value, parent string, inEvent bool, depth int) {
	switch v.Type() {
	case fastjson.TypeObject:
		o, _ := v.Object()
		if s.onKey == nil {
			// Method values made once: a closure per object would allocate.
			s.onKey, s.onEventKey = s.visitKey, s.visitEventKey
		}
		saved := s.st
		s.st = walkState{parent: parent, inEvent: inEvent, depth: depth}
		if !inEvent {
			o.Visit(s.onEventKey)
		}
		o.Visit(s.onKey)
		s.st = saved
	case fastjson.TypeArray:
		a, _ := v.Array()
		for _, x := range a {
			if s.found {
				return
			}
			s.walk(x, parent, inEvent, depth)
		}
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		s.value(bstr(b), inEvent, depth)
	}
}

func (s *payloadScanner) visitEventKey(k []byte, _ *fastjson.Value) {
	s.st.inEvent = s.st.inEvent || eventKeys[string(k)]
}

func (s *payloadScanner) visitKey(kb []byte, x *fastjson.Value) {
	if s.found {
		return
	}
	k := bstr(kb)
	s.key(k, x, s.st.parent, s.st.inEvent)
	s.walk(x, k, s.st.inEvent, s.st.depth)
}

// bstr views b as a string without copying: the bytes belong to a parser
// and stay unchanged until its next Parse, after the scan is over.
func bstr(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// key checks an object key: prototype pollution keys anywhere, NoSQL
// operators in event input or beside credentials.
func (s *payloadScanner) key(k string, x *fastjson.Value, parent string, inEvent bool) {
	switch {
	case k == "__proto__" || k == "constructor" && x.Get("prototype") != nil:
		s.report(classPrototype, k, 0)
	case len(k) > 2 && k[0] == '$' && noSQLOps[k]:
		if inEvent || k == "$where" || credentialField(parent) {
			s.report(classNoSQL, k, 0)
		}
	}
}

var noSQLOps = map[string]bool{"$ne": true, "$gt": true, "$gte": true, "$lt": true, "$lte": true, "$regex": true,
	"$where": true, "$nin": true, "$exists": true, "$expr": true}

func credentialField(k string) bool {
	l := strings.ToLower(k)
	for _, w := range []string{"pass", "user", "login", "email", "token"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// value checks one string value, following JSON held in it.
func (s *payloadScanner) value(v string, inEvent bool, depth int) {
	if len(v) < 3 {
		return
	}
	if depth+1 < maxDepth {
		if j, ok := embeddedJSON(v); ok {
			if x, err := s.parsers[depth+1].Parse(j); err == nil {
				s.walk(x, "", inEvent, depth+1)
				return
			}
		}
	}
	if !mayHold(v) {
		return
	}
	s.input(v, inEvent)
}

// input runs every check on a value that came from some input: literal
// patterns on the value as it is and URL-decoded once, then
// libinjection.
func (s *payloadScanner) input(v string, inEvent bool) {
	level := valueLevel
	if inEvent {
		level = eventLevel
	}
	if c, at, ok := literalClass(v, level); ok {
		s.report(c, v, at)
		return
	}
	d := v
	if strings.IndexByte(v, '%') >= 0 || strings.IndexByte(v, '+') >= 0 {
		d = urlDecode(v)
		if c, at, ok := literalClass(d, level); ok {
			s.report(c, d, at)
			return
		}
	}
	if inEvent && noSQLOps[d] {
		s.report(classNoSQL, d, 0)
		return
	}
	if inEvent && sqlTrigger(d) {
		if ok, _ := libinjection.IsSQLi(d); ok {
			s.report(classSQLi, d, 0)
			return
		}
	}
	if at := xssTrigger(d); at >= 0 && libinjection.IsXSS(d) {
		s.report(classXSS, d, at)
	}
}

// text scans a message that is not JSON: strong patterns anywhere, the
// query strings of URLs as input, and the quoted strings of object dumps.
func (s *payloadScanner) text(msg string) {
	if c, at, ok := literalClass(msg, strongLevel); ok {
		s.report(c, msg, at)
		return
	}
	s.queries(msg)
	// Python and Node.js dumps of objects, and JSON cut at maxScan.
	if s.found || !(strings.Contains(msg, "{'") || strings.Contains(msg, "{ ") || strings.Contains(msg, `{"`)) {
		return
	}
	inEvent := containsAny(msg, eventMarks)
	for rest := msg; !s.found; {
		q, after, ok := nextQuoted(rest)
		if !ok {
			return
		}
		s.value(q, inEvent, maxDepth-1)
		rest = after
	}
}

// queries checks the parameters of every URL query string in msg
// ("GET /search?q=..."): request input even in a plain access log line.
func (s *payloadScanner) queries(msg string) {
	for rest := msg; !s.found; {
		i := strings.IndexByte(rest, '?')
		if i < 0 {
			return
		}
		rest = rest[i+1:]
		end := strings.IndexAny(rest, " \t\"'<>#")
		if end < 0 {
			end = len(rest)
		}
		q := rest[:end]
		rest = rest[end:]
		if strings.IndexByte(q, '=') < 0 {
			continue
		}
		for q != "" && !s.found {
			var pair string
			pair, q, _ = strings.Cut(q, "&")
			if mayHold(pair) {
				s.input(pair, true)
			}
		}
	}
}

// nextQuoted returns the next '...' or "..." literal of s (backslash
// escapes kept as they are) and the text after it.
func nextQuoted(s string) (string, string, bool) {
	i := strings.IndexAny(s, `'"`)
	if i < 0 {
		return "", "", false
	}
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return s[i+1 : j], s[j+1:], true
		}
	}
	return "", "", false
}

// embeddedJSON returns the JSON object or array that s holds or ends
// with ("event: {...}"), without parsing it.
func embeddedJSON(s string) (string, bool) {
	s = strings.TrimRight(s, " \t\r\n")
	if len(s) < 2 {
		return "", false
	}
	var open byte
	switch s[len(s)-1] {
	case '}':
		open = '{'
	case ']':
		open = '['
	default:
		return "", false
	}
	i := strings.IndexByte(s, open)
	if i < 0 || i == len(s)-1 {
		return "", false
	}
	return s[i:], true
}

// urlDecode decodes %XX escapes and '+' once, leaving malformed escapes
// as they are.
func urlDecode(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			c = ' '
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			c = unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
		}
		b = append(b, c)
	}
	return string(b)
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
