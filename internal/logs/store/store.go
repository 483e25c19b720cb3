// Package store keeps the hourly per-function series that anomaly
// detection learns its baselines from in an embedded SQLite database, so
// that a long-running watcher keeps what it learned across restarts.
package store

import (
	"database/sql"
	"fmt"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver
)

// Hour is one function's hour of invocations.
type Hour struct {
	Function    string
	Hour        int64 // hours since the epoch
	Invocations float64
	Errors      float64
	DurationSum float64 // ms
}

// Store is an open state database. Its methods are safe for concurrent
// use (database/sql serialises them on SQLite's side).
type Store struct {
	db *sql.DB
}

const schema = `
CREATE TABLE IF NOT EXISTS hours (
	function     TEXT    NOT NULL,
	hour         INTEGER NOT NULL,
	invocations  REAL    NOT NULL,
	errors       REAL    NOT NULL,
	duration_sum REAL    NOT NULL,
	PRIMARY KEY (function, hour)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS evaluated (
	function TEXT    NOT NULL PRIMARY KEY,
	hour     INTEGER NOT NULL
) WITHOUT ROWID;`

// Open opens or creates the database at path; ":memory:" keeps it in
// memory.
func Open(path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"
	if path == ":memory:" {
		dsn = ":memory:"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	// One connection: an in-memory database is per connection, and one
	// writer is all SQLite allows anyway.
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open state %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Add adds the counts of hours to what the database holds, in one
// transaction.
func (s *Store) Add(hours []Hour) error {
	tx, err := s.db.Begin()
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.Prepare(`INSERT INTO hours VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (function, hour) DO UPDATE SET invocations = invocations + excluded.invocations,
		errors = errors + excluded.errors, duration_sum = duration_sum + excluded.duration_sum`)
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	defer st.Close()
	for _, h := range hours {
		if _, err := st.Exec(h.Function, h.Hour, h.Invocations, h.Errors, h.DurationSum); err != nil {
			return fmt.Errorf("state: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

// Series returns fn's hours in [from, to], one entry per hour, zero where
// nothing was recorded.
func (s *Store) Series(fn string, from, to int64) ([]Hour, error) {
	if to < from {
		return nil, nil
	}
	out := make([]Hour, to-from+1)
	for i := range out {
		out[i] = Hour{Function: fn, Hour: from + int64(i)}
	}
	rows, err := s.db.Query(`SELECT hour, invocations, errors, duration_sum FROM hours
		WHERE function = ? AND hour BETWEEN ? AND ? ORDER BY hour`, fn, from, to)
	if err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Hour
		if err := rows.Scan(&h.Hour, &h.Invocations, &h.Errors, &h.DurationSum); err != nil {
			return nil, fmt.Errorf("state: %w", err)
		}
		h.Function = fn
		out[h.Hour-from] = h
	}
	return out, rows.Err()
}

// Evaluated returns the last hour of fn whose anomalies were checked, or
// -1.
func (s *Store) Evaluated(fn string) (int64, error) {
	var h int64
	err := s.db.QueryRow(`SELECT hour FROM evaluated WHERE function = ?`, fn).Scan(&h)
	if err == sql.ErrNoRows {
		return -1, nil
	}
	if err != nil {
		return 0, fmt.Errorf("state: %w", err)
	}
	return h, nil
}

// SetEvaluated records that fn's hours up to hour were checked.
func (s *Store) SetEvaluated(fn string, hour int64) error {
	_, err := s.db.Exec(`INSERT INTO evaluated VALUES (?, ?)
		ON CONFLICT (function) DO UPDATE SET hour = max(hour, excluded.hour)`, fn, hour)
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}
