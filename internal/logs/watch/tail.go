package watch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Feeder receives the data a tail reads: complete lines of a growing file,
// or a whole compressed file.
type Feeder func(name string, data []byte) error

// TailOptions tune TailDir.
type TailOptions struct {
	// Poll is the interval between directory scans; 0 means 1 s.
	Poll time.Duration
	// FromStart reads the files already present from their beginning;
	// otherwise only what is written after the first scan is read.
	FromStart bool
	// Problem receives errors about single files; the tail goes on.
	Problem func(error)
	// Scanned, when set, is called after each scan of the directory.
	Scanned func()
}

// fileState is how far a file has been read.
type fileState struct {
	offset int64
	// size of a gzip file at the previous scan: it is read whole once its
	// size has stopped changing.
	size int64
	done bool
}

// maxPending bounds a line still being written.
const maxPending = 16 << 20

// TailDir follows dir until ctx is done: new files, and lines appended to
// the files it holds. Gzip files are read once, whole, when their size has
// stayed the same for one poll interval (S3 and Firehose write them in one
// go). The error is for a directory that cannot be read at all.
func TailDir(ctx context.Context, dir string, opt TailOptions, feed Feeder) error {
	if opt.Poll <= 0 {
		opt.Poll = time.Second
	}
	problem := opt.Problem
	if problem == nil {
		problem = func(error) {}
	}
	files := map[string]*fileState{}
	if !opt.FromStart {
		names, err := list(dir)
		if err != nil {
			return err
		}
		for _, n := range names {
			if info, err := os.Stat(n); err == nil {
				files[n] = &fileState{offset: info.Size(), size: info.Size(), done: true}
			}
		}
	}
	tick := time.NewTicker(opt.Poll)
	defer tick.Stop()
	for {
		names, err := list(dir)
		if err != nil {
			return err
		}
		forget(files, names)
		for _, n := range names {
			st := files[n]
			if st == nil {
				st = &fileState{size: -1}
				files[n] = st
			}
			if err := readNew(n, st, feed); err != nil {
				problem(err)
			}
		}
		if opt.Scanned != nil {
			opt.Scanned()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// forget drops the files that were removed or rotated away, so that a
// long-running watch over a rotating directory stays small.
func forget(files map[string]*fileState, names []string) {
	present := make(map[string]bool, len(names))
	for _, n := range names {
		present[n] = true
	}
	for n := range files {
		if !present[n] {
			delete(files, n)
		}
	}
}

func list(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", dir, err)
	}
	sort.Strings(out)
	return out, nil
}

func readNew(name string, st *fileState, feed Feeder) error {
	if st.done {
		return appendNew(name, st, feed)
	}
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	magic := make([]byte, 2)
	n, _ := io.ReadFull(f, magic)
	if n < 2 {
		return nil // just created: too short to tell gzip from text yet
	}
	if magic[0] != 0x1f || magic[1] != 0x8b {
		st.done = true // a text file: follow its lines
		return appendNew(name, st, feed)
	}
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.Size() != st.size {
		st.size = info.Size()
		return nil // still being written, perhaps
	}
	st.done, st.offset = true, info.Size()
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	return feed(name, data)
}

// appendNew feeds the complete lines written after st.offset. A file that
// shrank was truncated or replaced: it is read again from the start.
func appendNew(name string, st *fileState, feed Feeder) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.Size() < st.offset {
		st.offset = 0
	}
	if info.Size() == st.offset {
		return nil
	}
	data, err := io.ReadAll(io.NewSectionReader(f, st.offset, min(info.Size()-st.offset, maxChunk)))
	if err != nil {
		return err
	}
	end := bytes.LastIndexByte(data, '\n') + 1
	if end < len(data) && (len(data)-end >= maxPending || (info.Size() == st.size && complete(data[end:]))) {
		end = len(data)
	}
	st.size = info.Size()
	if end == 0 {
		return nil // wait for the end of the line
	}
	st.offset += int64(end)
	return feed(name, data[:end])
}

// complete says a tail without a newline, unchanged for a poll interval,
// is a whole JSON document: S3 delivers CloudTrail files as one line with
// no newline at the end. Other text waits for its newline, so that a
// writer pausing mid-line is not read as two lines.
func complete(tail []byte) bool {
	t := bytes.TrimSpace(tail)
	return len(t) > 1 && (t[0] == '{' && t[len(t)-1] == '}' || t[0] == '[' && t[len(t)-1] == ']')
}

// TailReader feeds r line by line until it ends or ctx is done.
func TailReader(ctx context.Context, name string, r io.Reader, feed Feeder, problem func(error)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for ctx.Err() == nil {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			if ferr := feed(name, line); ferr != nil && problem != nil {
				problem(ferr)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
	}
	return nil
}
