package deps

import (
	"fmt"
	"time"
)

// Updated returns when the least recently imported or updated ecosystem
// of the database got its data: the database is as old as its oldest
// part. It is the zero time for a database without ecosystems.
func (db *DB) Updated() time.Time {
	if db == nil || db.db == nil {
		return time.Time{}
	}
	var oldest time.Time
	for _, s := range db.db.Meta().Ecosystems {
		if s == nil {
			continue
		}
		if oldest.IsZero() || s.Updated.Before(oldest) {
			oldest = s.Updated
		}
	}
	return oldest
}

// StaleNote returns a note for the user when the database is older than
// maxAge at now, naming its age and how to update it; "" when it is fresh,
// when maxAge is zero or negative (the check is off), or when there is no
// database.
func (db *DB) StaleNote(now time.Time, maxAge time.Duration) string {
	updated := db.Updated()
	if maxAge <= 0 || updated.IsZero() {
		return ""
	}
	age := now.Sub(updated)
	if age <= maxAge {
		return ""
	}
	return fmt.Sprintf("vulnerability database is %s old (updated %s, older than --db-max-age %s): "+
		"advisories published since are not checked; run 'slsguard db update' (or 'slsguard db import PATH' offline)",
		Age(age), updated.UTC().Format("2006-01-02"), Age(maxAge))
}

// Age writes a duration the way a person reads a database's age: minutes,
// hours up to two days, then days.
func Age(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}
