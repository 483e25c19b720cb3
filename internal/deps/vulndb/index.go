package vulndb

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/slsguard/slsguard/internal/deps/osv"
)

// The index of one ecosystem is a single file:
//
//	magic "SLSGIDX1"
//	uint32 n, then n entries sorted by name:
//	    uint16 len, normalised package name, uint32 offset, uint32 length
//	uint32 m, then m bytes: the records, each compact JSON
//
// A lookup is a binary search over the entries followed by decoding only the
// records it names, so a scan never parses the records of packages it does
// not have. All integers are little-endian.
var indexMagic = []byte("SLSGIDX1")

// ErrCorrupt is returned for an index file that is not one slsguard wrote.
var ErrCorrupt = errors.New("corrupt index")

type entry struct {
	name   string
	offset uint32
	length uint32
}

// Index is the read-only index of one ecosystem.
type Index struct {
	ecosystem string
	entries   []entry
	records   []byte

	// decoded keeps the records of names already looked up: a scan
	// matches the same packages in many functions.
	mu      sync.Mutex
	decoded map[string][]*osv.Record
}

// encodeIndex writes records (already filtered to one ecosystem) as an
// index file.
func encodeIndex(ecosystem string, records []*osv.Record) ([]byte, error) {
	var blob bytes.Buffer
	var entries []entry
	for _, r := range records {
		data, err := json.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", r.ID, err)
		}
		off := uint32(blob.Len())
		blob.Write(data)
		seen := map[string]bool{}
		for _, a := range r.Affected {
			if osv.Ecosystem(a.Package.Ecosystem) != ecosystem {
				continue
			}
			name := osv.NormalizeName(ecosystem, a.Package.Name)
			if name == "" || len(name) > 0xffff || seen[name] {
				continue
			}
			seen[name] = true
			entries = append(entries, entry{name: name, offset: off, length: uint32(len(data))})
		}
	}
	if blob.Len() > 1<<31 {
		return nil, fmt.Errorf("index for %s: %d bytes of records is too large", ecosystem, blob.Len())
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].name != entries[j].name {
			return entries[i].name < entries[j].name
		}
		return entries[i].offset < entries[j].offset
	})
	var out bytes.Buffer
	out.Write(indexMagic)
	out.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(entries))))
	for _, e := range entries {
		out.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(e.name))))
		out.WriteString(e.name)
		out.Write(binary.LittleEndian.AppendUint32(nil, e.offset))
		out.Write(binary.LittleEndian.AppendUint32(nil, e.length))
	}
	out.Write(binary.LittleEndian.AppendUint32(nil, uint32(blob.Len())))
	out.Write(blob.Bytes())
	return out.Bytes(), nil
}

// DecodeIndex reads an index file. Every offset is checked against the
// records region, so a damaged file gives ErrCorrupt rather than a panic.
func DecodeIndex(ecosystem string, data []byte) (*Index, error) {
	if !bytes.HasPrefix(data, indexMagic) {
		return nil, fmt.Errorf("%w: bad magic", ErrCorrupt)
	}
	p := data[len(indexMagic):]
	n, p, ok := u32(p)
	if !ok || uint64(n)*10 > uint64(len(p)) {
		return nil, fmt.Errorf("%w: bad entry count", ErrCorrupt)
	}
	entries := make([]entry, 0, n)
	for i := uint32(0); i < n; i++ {
		if len(p) < 2 {
			return nil, fmt.Errorf("%w: truncated entry %d", ErrCorrupt, i)
		}
		l := int(binary.LittleEndian.Uint16(p))
		p = p[2:]
		if len(p) < l+8 {
			return nil, fmt.Errorf("%w: truncated entry %d", ErrCorrupt, i)
		}
		e := entry{name: string(p[:l])}
		p = p[l:]
		e.offset, p, _ = u32(p)
		e.length, p, _ = u32(p)
		if i > 0 && e.name < entries[i-1].name {
			return nil, fmt.Errorf("%w: entries out of order", ErrCorrupt)
		}
		entries = append(entries, e)
	}
	m, p, ok := u32(p)
	if !ok || uint64(m) != uint64(len(p)) {
		return nil, fmt.Errorf("%w: records region of %d bytes, header says %d", ErrCorrupt, len(p), m)
	}
	for i, e := range entries {
		if uint64(e.offset)+uint64(e.length) > uint64(m) {
			return nil, fmt.Errorf("%w: entry %d points outside the records", ErrCorrupt, i)
		}
	}
	return &Index{ecosystem: ecosystem, entries: entries, records: p}, nil
}

func u32(p []byte) (uint32, []byte, bool) {
	if len(p) < 4 {
		return 0, p, false
	}
	return binary.LittleEndian.Uint32(p), p[4:], true
}

// Len returns the number of (package, record) entries.
func (ix *Index) Len() int { return len(ix.entries) }

// Lookup returns the records that name the package (a normalised name),
// decoded. A record that fails to decode is an ErrCorrupt error. The
// records are shared between callers and must not be modified.
func (ix *Index) Lookup(name string) ([]*osv.Record, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if recs, ok := ix.decoded[name]; ok {
		return recs, nil
	}
	recs, err := ix.decode(name)
	if err != nil {
		return nil, err
	}
	if ix.decoded == nil {
		ix.decoded = map[string][]*osv.Record{}
	}
	ix.decoded[name] = recs
	return recs, nil
}

func (ix *Index) decode(name string) ([]*osv.Record, error) {
	i := sort.Search(len(ix.entries), func(i int) bool { return ix.entries[i].name >= name })
	var out []*osv.Record
	for ; i < len(ix.entries) && ix.entries[i].name == name; i++ {
		e := ix.entries[i]
		var r osv.Record
		if err := json.Unmarshal(ix.records[e.offset:e.offset+e.length], &r); err != nil {
			return nil, fmt.Errorf("%w: record at %d: %v", ErrCorrupt, e.offset, err)
		}
		out = append(out, &r)
	}
	return out, nil
}
