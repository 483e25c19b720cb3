// Package cloudtrail reads CloudTrail records as a stream, in every shape
// they are found in: the S3 delivery files ({"Records": [...]}, gzip or
// not), plain JSON arrays of records, and NDJSON (one record per line, with
// or without extra fields such as logstash's).
//
// Decoding is designed for volume: input is cut into blocks, blocks are
// parsed in parallel with reused fastjson parsers, only the fields the
// detections need are extracted into a per-block arena, and records come
// back in input order so that stateful detections see a consistent stream.
// Malformed records are counted and sampled, never fatal.
package cloudtrail
