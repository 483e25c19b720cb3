package cloudtrail

import (
	"errors"
	"sync"
	"unsafe"

	"github.com/valyala/fastjson"
)

// Record is the part of one CloudTrail record that detections look at.
// Its strings point into a block arena shared with the other records of the
// same block: a consumer that keeps one beyond the callback clones it.
type Record struct {
	EventTime   string
	EventName   string
	EventSource string
	Region      string
	SourceIP    string
	UserAgent   string
	ErrorCode   string
	Account     string // recipientAccountId
	Identity    Identity
	// Params and Response are the raw JSON of requestParameters and
	// responseElements, kept only for events a Filter asks details for.
	Params   []byte
	Response []byte
	Extra    []byte // additionalEventData
	// Raw is the whole record, kept only when Options.KeepRaw is set.
	Raw []byte
	Loc Loc
}

// Identity is the record's userIdentity.
type Identity struct {
	Type        string
	ARN         string
	AccountID   string
	AccessKeyID string
	PrincipalID string
	InvokedBy   string
	// IssuerARN is sessionContext.sessionIssuer.arn: the role behind an
	// assumed-role session.
	IssuerARN string
}

// Loc says where a record came from: the file, its index among the file's
// records (from 0) and, for line-oriented input, its line (from 1).
type Loc struct {
	File  string
	Index int
	Line  int
}

// Filter says whether the raw requestParameters and responseElements of a
// record are needed, from its event source and name.
type Filter func(eventSource, eventName string) bool

var errNoEventName = errors.New("not a CloudTrail record: no eventName")

// arena holds the bytes of the strings extracted from one block. Its
// chunks go back to a pool once the block's records have been consumed.
type arena struct {
	buf    []byte
	chunks [][]byte
}

var chunkPool = sync.Pool{New: func() any { return make([]byte, 0, arenaChunk) }}

func (a *arena) grow(n int) {
	if n > arenaChunk {
		a.buf = make([]byte, 0, n)
		return
	}
	a.buf = chunkPool.Get().([]byte)[:0]
	a.chunks = append(a.chunks, a.buf)
}

// release returns the chunks to the pool: strings over them are invalid
// from then on.
func (a *arena) release() {
	for _, c := range a.chunks {
		chunkPool.Put(c[:0]) //nolint:staticcheck // a slice header is small enough
	}
	a.chunks, a.buf = nil, nil
}

const arenaChunk = 256 << 10

// str copies b into the arena and returns a string over the copy. A full
// chunk is left to the records that point into it and a new one started,
// so earlier strings stay valid.
func (a *arena) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(a.buf)+len(b) > cap(a.buf) {
		a.grow(len(b))
	}
	off := len(a.buf)
	a.buf = append(a.buf, b...)
	return unsafe.String(&a.buf[off], len(b))
}

func (a *arena) bytes(b []byte) []byte {
	s := a.str(b)
	if s == "" {
		return nil
	}
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// decode parses one record's JSON into r.
func decode(p *fastjson.Parser, a *arena, data []byte, want Filter, keepRaw bool, r *Record) error {
	v, err := p.ParseBytes(data)
	if err != nil {
		return err
	}
	o, err := v.Object()
	if err != nil {
		return errors.New("not a JSON object")
	}
	name := o.Get("eventName")
	if name == nil {
		// EventBridge delivers CloudTrail records inside "detail".
		if d := o.Get("detail"); d != nil && d.Type() == fastjson.TypeObject {
			v, name = d, d.Get("eventName")
		}
	}
	if name == nil || name.Type() != fastjson.TypeString {
		return errNoEventName
	}
	r.EventName = a.str(name.GetStringBytes())
	r.EventSource = a.str(v.GetStringBytes("eventSource"))
	r.EventTime = a.str(v.GetStringBytes("eventTime"))
	if r.EventTime == "" {
		// logstash-shipped records keep the time in @timestamp.
		r.EventTime = a.str(v.GetStringBytes("@timestamp"))
	}
	r.Region = a.str(v.GetStringBytes("awsRegion"))
	r.SourceIP = a.str(v.GetStringBytes("sourceIPAddress"))
	r.UserAgent = a.str(v.GetStringBytes("userAgent"))
	r.ErrorCode = a.str(v.GetStringBytes("errorCode"))
	r.Account = a.str(v.GetStringBytes("recipientAccountId"))
	if u := v.Get("userIdentity"); u != nil {
		r.Identity = Identity{
			Type:        a.str(u.GetStringBytes("type")),
			ARN:         a.str(u.GetStringBytes("arn")),
			AccountID:   a.str(u.GetStringBytes("accountId")),
			AccessKeyID: a.str(u.GetStringBytes("accessKeyId")),
			PrincipalID: a.str(u.GetStringBytes("principalId")),
			InvokedBy:   a.str(u.GetStringBytes("invokedBy")),
			IssuerARN:   a.str(u.GetStringBytes("sessionContext", "sessionIssuer", "arn")),
		}
	}
	if want != nil && want(r.EventSource, r.EventName) {
		r.Params = rawValue(a, v.Get("requestParameters"))
		r.Response = rawValue(a, v.Get("responseElements"))
		r.Extra = rawValue(a, v.Get("additionalEventData"))
	}
	if keepRaw {
		r.Raw = a.bytes(data)
	}
	return nil
}

func rawValue(a *arena, v *fastjson.Value) []byte {
	if v == nil || v.Type() == fastjson.TypeNull {
		return nil
	}
	// MarshalTo appends to the arena's spare capacity when it fits.
	if cap(a.buf)-len(a.buf) < 4096 {
		a.grow(0)
	}
	start := len(a.buf)
	a.buf = v.MarshalTo(a.buf)
	return a.buf[start:len(a.buf):len(a.buf)]
}
