package iam

import (
	"strings"
	"testing"
)

func TestMatchARN(t *testing.T) {
	tests := []struct {
		pattern, arn string
		want         bool
	}{
		{"*", "arn:aws:s3:::bucket/key", true},
		{"*", "*", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", true},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket2/a", false},
		{"arn:aws:s3:::bucket*", "arn:aws:s3:::bucket2/a", true},
		{"arn:aws:s3:::*", "arn:aws:s3:::any/key", true},
		{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key", false},
		{"arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/key", false}, // ARNs are case-sensitive
		{"arn:aws:s3:::b?cket/*", "arn:aws:s3:::bucket/key", true},
		{"arn:aws:s3:::b?cket/*", "arn:aws:s3:::bcket/key", false},
		{"arn:aws:dynamodb:*:*:table/Orders", "arn:aws:dynamodb:us-east-1:123456789012:table/Orders", true},
		{"arn:aws:dynamodb:*:*:table/Orders", "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/index/x", false},
		{"arn:aws:dynamodb:*:*:table/Orders*", "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/index/x", true},
		// A wildcard in one of the first five segments does not run across a colon.
		{"arn:aws:*:us-east-1:123456789012:function:f", "arn:aws:lambda:us-east-1:123456789012:function:f", true},
		{"arn:aws:lambda:*:function:f", "arn:aws:lambda:us-east-1:123456789012:function:f", false},
		// A shorter pattern ending in * runs to the end.
		{"arn:aws:lambda:*", "arn:aws:lambda:us-east-1:123456789012:function:f", true},
		{"arn:aws:*", "arn:aws:s3:::bucket", true},
		{"arn:aws:lambda", "arn:aws:lambda:us-east-1:123456789012:function:f", false},
		// The resource part may contain colons.
		{"arn:aws:logs:*:*:log-group:/aws/lambda/*:*", "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:log-stream:x", true},
		{"arn:aws:logs:*:*:*", "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:*", true},
		{"arn:aws:sns:us-east-1:123456789012:topic", "arn:aws:sns:us-east-1:123456789012:topic", true},
		{"arn:aws:sns:us-east-?:123456789012:topic", "arn:aws:sns:us-east-2:123456789012:topic", true},
		{"arn:aws:sns:us-east-?:123456789012:topic", "arn:aws:sns:us-east-12:123456789012:topic", false},
		// Placeholders stay symbolic.
		{"arn:aws:s3:::${Bucket}/*", "arn:aws:s3:::${Bucket}/key", true},
		{"arn:aws:s3:::${Bucket}/*", "arn:aws:s3:::mybucket/key", false},
		{"arn:aws:s3:::${Bucket}/*", "arn:aws:s3:::${Other}/key", false},
		{"arn:aws:s3:::*/*", "arn:aws:s3:::${Bucket}/key", true},
		{"arn:aws:s3:::?/*", "arn:aws:s3:::${Bucket}/key", false},
		{"${OrdersTable.Arn}", "${OrdersTable.Arn}", true},
		{"${OrdersTable.Arn}", "arn:aws:dynamodb:us-east-1:1:table/Orders", false},
		{"${OrdersTable.Arn}/index/*", "${OrdersTable.Arn}/index/byDate", true},
		{"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}",
			"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}", true},
		{"arn:aws:dynamodb:*:*:table/*", "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}", true},
		{"arn:aws:dynamodb:us-east-1:*:table/*", "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}", false},
		{"", "", true},
		{"", "arn:aws:s3:::b", false},
		{"arn:aws:s3:::b", "", false},
		{"arn:aws:s3:::${unterminated/*", "arn:aws:s3:::${unterminated/x", true},
	}
	for _, tt := range tests {
		if got := MatchARN(tt.pattern, tt.arn); got != tt.want {
			t.Errorf("MatchARN(%q, %q) = %v, want %v", tt.pattern, tt.arn, got, tt.want)
		}
	}
}

func TestMatchAction(t *testing.T) {
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"*", "s3:GetObject", true},
		{"s3:*", "s3:GetObject", true},
		{"S3:GET*", "s3:GetObject", true},
		{"s3:Get*", "S3:GETOBJECT", true},
		{"s3:?etObject", "s3:GetObject", true},
		{"s3:?etObject", "s3:GGetObject", false},
		{"s3:Get", "s3:GetObject", false},
		{"*:GetObject", "s3:GetObject", true},
		{"s3*", "s3:GetObject", true},
		{"dynamodb:*", "s3:GetObject", false},
		{"**", "x", true},
		{"", "", true},
	}
	for _, tt := range tests {
		if got := MatchAction(tt.pattern, tt.action); got != tt.want {
			t.Errorf("MatchAction(%q, %q) = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"*", "arn:aws:s3:::b/*", true},
		{"arn:aws:s3:::b/*", "*", false},
		{"arn:aws:s3:::*", "arn:aws:s3:::b/*", true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/x/*", true},
		{"arn:aws:s3:::b/x/*", "arn:aws:s3:::b/*", false},
		{"arn:aws:s3:::b/?", "arn:aws:s3:::b/?", true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/?", true},
		{"arn:aws:s3:::b/?", "arn:aws:s3:::b/*", false},
		{"arn:aws:s3:::b/x", "arn:aws:s3:::b/?", false},
		{"arn:aws:dynamodb:*:*:table/*", "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${T}", true},
		{"arn:aws:iam::*:role/*", "arn:aws:iam::123:role/*", true},
		{"arn:aws:iam::123:role/*", "arn:aws:iam::*:role/*", false},
		{"arn:aws:s3:::b", "arn:aws:s3:::b", true},
	}
	for _, tt := range tests {
		if got := covers(tt.a, tt.b); got != tt.want {
			t.Errorf("covers(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestOverlaps(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"*", "arn:aws:s3:::b/*", true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::*/secret", true},
		{"arn:aws:s3:::a/*", "arn:aws:s3:::b/*", false},
		{"arn:aws:s3:::a?", "arn:aws:s3:::ab", true},
		{"arn:aws:s3:::a?", "arn:aws:s3:::abc", false},
		{"arn:aws:s3:::*x", "arn:aws:s3:::y*", true},
		{"arn:aws:s3:::${B}/*", "arn:aws:s3:::b/*", false},
		{"arn:aws:s3:::${B}/*", "arn:aws:s3:::*", true},
		{"arn:aws:dynamodb:*:*:table/a", "arn:aws:s3:::a", false},
	}
	for _, tt := range tests {
		if got := overlaps(tt.a, tt.b); got != tt.want {
			t.Errorf("overlaps(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := overlaps(tt.b, tt.a); got != tt.want {
			t.Errorf("overlaps(%q, %q) = %v, want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

func FuzzMatchARN(f *testing.F) {
	seeds := [][2]string{
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key"},
		{"arn:aws:lambda:*", "arn:aws:lambda:us-east-1:1:function:f"},
		{"arn:aws:s3:::${Bucket}/*", "arn:aws:s3:::${Bucket}/k"},
		{"arn:aws:dynamodb:${AWS::Region}:*:table/*", "arn:aws:dynamodb:${AWS::Region}:1:table/t"},
		{"*", "x"},
		{"a?c*", "abcdef"},
		{"${x", "${x}"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	// Real resource patterns of AWS managed policies, against a documented
	// ARN format of the same service with its placeholders left in.
	for _, name := range []string{"AWSLambdaBasicExecutionRole", "AWSLambdaSQSQueueExecutionRole", "AmazonS3ReadOnlyAccess", "AWSLambda_FullAccess"} {
		sts, _ := ManagedPolicy(name)
		for _, st := range sts {
			for _, r := range append(st.Resource, st.NotResource...) {
				f.Add(r, "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*")
				f.Add(r, "arn:${Partition}:s3:::${BucketName}/${ObjectName}")
			}
		}
	}
	f.Fuzz(func(t *testing.T, pattern, arn string) {
		got := MatchARN(pattern, arn)
		if !strings.ContainsAny(pattern, "*?") && !strings.Contains(pattern, "${") && pattern == arn && !got {
			t.Fatalf("MatchARN(%q, itself) = false", pattern)
		}
		if pattern == "*" && !got {
			t.Fatalf("MatchARN(\"*\", %q) = false", arn)
		}
		// On text without wildcards or placeholders, covering is matching.
		if !strings.ContainsAny(arn, "*?") && !strings.Contains(arn, "${") && !strings.Contains(pattern, "${") {
			if c := covers(pattern, arn); c != got {
				t.Fatalf("covers(%q, %q) = %v, MatchARN = %v", pattern, arn, c, got)
			}
		}
		// Two patterns matching the same ARN overlap.
		if got && !strings.ContainsAny(arn, "*?") && !overlaps(pattern, arn) {
			t.Fatalf("MatchARN(%q, %q) but not overlaps", pattern, arn)
		}
	})
}
