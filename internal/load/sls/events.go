package sls

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/slsguard/slsguard/internal/model"
)

func itoa(n int) string { return strconv.Itoa(n) }

// events compiles a function's events.
func (c *compiler) events(key, fn *yaml.Node, fnID string) {
	role := get(get(c.byID[fnID], "Properties"), "Role")
	for i, item := range items(get(fn, "events")) {
		kv := pairs(item)
		if item.Kind == yaml.ScalarNode && item.Value != "" {
			// "- alexaSkill": an event without settings.
			kv = [][2]*yaml.Node{{item, str("", at(item))}}
		}
		if len(kv) != 1 {
			c.problem(item, "event %d of function %s is not a single-key mapping", i+1, key.Value)
			continue
		}
		c.event(kv[0][0], kv[0][1], fnID, role, itoa(i+1))
	}
}

// event compiles one event; n numbers it within the function.
func (c *compiler) event(evKey, ev *yaml.Node, fnID string, role *yaml.Node, n string) {
	switch evKey.Value {
	case "http":
		c.httpEvent(evKey, ev, fnID)
	case "httpApi":
		c.httpAPIEvent(evKey, ev, fnID)
	case "websocket":
		c.websocketEvent(evKey, ev, fnID)
	case "s3":
		c.s3Event(evKey, ev, fnID, n)
	case "sns":
		c.snsEvent(evKey, ev, fnID, n)
	case "schedule":
		c.scheduleEvent(evKey, ev, fnID, n)
	case "eventBridge", "cloudwatchEvent":
		c.ruleEvent(evKey, ev, fnID, n)
	case "sqs", "stream", "msk", "activemq", "rabbitmq", "kafka":
		c.pollEvent(evKey, ev, fnID, role, n)
	case "iot":
		c.other(evKey, fnID, model.TriggerIoT, "IotTopicRule"+n, "AWS::IoT::TopicRule", get(ev, "sql"))
	case "cognitoUserPool":
		typ := "AWS::Cognito::UserPool"
		if truthy(get(ev, "existing")) {
			typ = ""
		}
		c.other(evKey, fnID, model.TriggerCognito, "CognitoUserPool"+normalize(text(get(ev, "pool"))), typ, get(ev, "pool"))
	case "cloudwatchLog":
		c.other(evKey, fnID, model.TriggerLogs, "LogsSubscriptionFilter"+n, "AWS::Logs::SubscriptionFilter", orNode(get(ev, "logGroup"), ev))
	case "alb":
		c.other(evKey, fnID, model.TriggerALB, "AlbListenerRule"+n, "AWS::ElasticLoadBalancingV2::ListenerRule", get(ev, "listenerArn"))
	case "alexaSkill", "alexaSmartHome":
		c.other(evKey, fnID, model.TriggerAlexa, "LambdaPermissionAlexaSkill"+n, "AWS::Lambda::Permission", orNode(get(ev, "appId"), ev))
	default:
		c.other(evKey, fnID, model.TriggerOther, "Event"+normalize(evKey.Value)+n, "", ev)
	}
}

// pollEvent compiles the poll-based sources into event source mappings,
// with the permissions the framework adds to a generated role.
func (c *compiler) pollEvent(evKey, ev *yaml.Node, fnID string, role *yaml.Node, n string) {
	arn := get(ev, "arn")
	switch evKey.Value {
	case "sqs":
		arn = orNode(arn, ev)
		c.mapping(evKey, fnID, "SQS"+n, arn, get(ev, "batchSize"))
		c.grantForEvent(role, at(evKey), []string{"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"}, arn)
	case "stream":
		arn = orNode(arn, ev)
		id := c.mapping(evKey, fnID, "Stream"+n, arn, get(ev, "batchSize"))
		if d := path(ev, "destinations", "onFailure"); d != nil {
			set(get(c.byID[id], "Properties"), "DestinationConfig", obj(at(d), "OnFailure", obj(at(d), "Destination", orNode(get(d, "arn"), d))))
		}
		service := "dynamodb"
		if text(get(ev, "type")) == "kinesis" || strings.Contains(text(arn), ":kinesis:") {
			service = "kinesis"
		}
		c.grantForEvent(role, at(evKey), []string{service + ":GetRecords", service + ":GetShardIterator",
			service + ":DescribeStream", service + ":ListStreams"}, arn)
	case "msk":
		c.mapping(evKey, fnID, "MSK"+n, arn, get(ev, "batchSize"))
	case "activemq", "rabbitmq":
		c.mapping(evKey, fnID, "MQ"+n, arn, get(ev, "batchSize"))
	case "kafka":
		id := c.mapping(evKey, fnID, "Kafka"+n, nil, get(ev, "batchSize"))
		set(get(c.byID[id], "Properties"), "SelfManagedEventSource", obj(at(evKey), "Endpoints",
			obj(at(evKey), "KafkaBootstrapServers", orNode(get(ev, "bootstrapServers"), seq(at(evKey))))))
	}
}

// mapping compiles a poll-based source into an event source mapping.
func (c *compiler) mapping(evKey *yaml.Node, fnID, suffix string, arn, batch *yaml.Node) string {
	p := at(evKey)
	props := obj(p, "FunctionName", ref(fnID, p), "EventSourceArn", arn, "BatchSize", batch, "Enabled", "true")
	return c.add(strings.TrimSuffix(fnID, "LambdaFunction")+"EventSourceMapping"+suffix, p, "AWS::Lambda::EventSourceMapping", props)
}

// s3Event creates the bucket with its notification, as the framework
// does, or (existing: true) only records the trigger on a bucket defined
// elsewhere.
func (c *compiler) s3Event(evKey, ev *yaml.Node, fnID, n string) {
	p := at(evKey)
	bucket := orNode(get(ev, "bucket"), ev)
	if ev.Kind == yaml.MappingNode && bucket == ev {
		bucket = str("", p)
	}
	if truthy(get(ev, "existing")) || bucket.Kind != yaml.ScalarNode {
		c.other(evKey, fnID, model.TriggerS3, "S3Existing"+n, "", bucket)
		return
	}
	event := orNode(get(ev, "event"), str("s3:ObjectCreated:*", p))
	conf := obj(p, "Event", event, "Function", getAtt(fnID, "Arn", p))
	id := "S3Bucket" + normalize(bucket.Value)
	if b := c.byID[id]; b != nil {
		lc := path(b, "Properties", "NotificationConfiguration", "LambdaConfigurations")
		lc.Content = append(lc.Content, conf)
	} else {
		props := obj(at(bucket), "BucketName", bucket, "NotificationConfiguration", obj(p, "LambdaConfigurations", seq(p, conf)))
		// provider.s3.<bucket> configures the bucket the framework
		// creates: name, and CloudFormation properties in camelCase.
		for _, kv := range pairs(path(c.provider, "s3", bucket.Value)) {
			key := kv[0].Value
			if key == "name" {
				set(props, "BucketName", kv[1])
			} else if key != "" {
				set(props, strings.ToUpper(key[:1])+key[1:], kv[1])
			}
		}
		c.add(id, at(bucket), "AWS::S3::Bucket", props)
	}
	c.add(strings.TrimSuffix(fnID, "LambdaFunction")+"LambdaPermission"+normalize(bucket.Value)+"S3", p, "AWS::Lambda::Permission",
		obj(p, "FunctionName", getAtt(fnID, "Arn", p), "Action", "lambda:InvokeFunction", "Principal", "s3.amazonaws.com",
			"SourceArn", "arn:aws:s3:::"+bucket.Value))
}

// snsEvent subscribes the function to a topic: one the framework creates
// from a name, or an existing one given by ARN.
func (c *compiler) snsEvent(evKey, ev *yaml.Node, fnID, n string) {
	p := at(evKey)
	arn := get(ev, "arn")
	topic := orNode(get(ev, "topicName"), ev)
	if ev.Kind == yaml.ScalarNode && strings.HasPrefix(ev.Value, "arn:") {
		arn = ev
	}
	if arn != nil {
		c.add(strings.TrimSuffix(fnID, "LambdaFunction")+"SnsSubscription"+n, p, "AWS::SNS::Subscription",
			obj(p, "TopicArn", arn, "Protocol", "lambda", "Endpoint", getAtt(fnID, "Arn", p), "FilterPolicy", get(ev, "filterPolicy")))
		return
	}
	if topic.Kind != yaml.ScalarNode {
		c.other(evKey, fnID, model.TriggerSNS, "SnsTopic"+n, "", topic)
		return
	}
	// The framework subscribes inline (the topic's Subscription list);
	// a separate subscription is the same deployment and is linked to
	// the function whatever the order the template is read in.
	id := "SNSTopic" + normalize(topic.Value)
	if c.byID[id] == nil {
		c.add(id, at(topic), "AWS::SNS::Topic", obj(at(topic), "TopicName", topic))
	}
	c.add(strings.TrimSuffix(fnID, "LambdaFunction")+"SnsSubscription"+normalize(topic.Value), p, "AWS::SNS::Subscription",
		obj(p, "TopicArn", ref(id, p), "Protocol", "lambda", "Endpoint", getAtt(fnID, "Arn", p), "FilterPolicy", get(ev, "filterPolicy")))
}

// scheduleEvent creates one rule per rate expression.
func (c *compiler) scheduleEvent(evKey, ev *yaml.Node, fnID, n string) {
	p := at(evKey)
	rates := items(orNode(get(ev, "rate"), ev))
	if ev.Kind == yaml.MappingNode && get(ev, "rate") == nil {
		rates = nil
	}
	for i, rate := range rates {
		state := "ENABLED"
		if e := get(ev, "enabled"); e != nil && !truthy(e) {
			state = "DISABLED"
		}
		id := strings.TrimSuffix(fnID, "LambdaFunction") + "EventsRuleSchedule" + n
		if i > 0 {
			id += "x" + itoa(i+1)
		}
		c.add(id, p, "AWS::Events::Rule", obj(p, "ScheduleExpression", rate, "State", state,
			"Targets", seq(p, obj(p, "Arn", getAtt(fnID, "Arn", p), "Id", id+"Target", "Input", get(ev, "input")))))
	}
}

// ruleEvent compiles eventBridge and cloudwatchEvent into a rule.
func (c *compiler) ruleEvent(evKey, ev *yaml.Node, fnID, n string) {
	p := at(evKey)
	id := strings.TrimSuffix(fnID, "LambdaFunction") + "EventBridgeRule" + n
	props := obj(p, "EventPattern", orNode(get(ev, "pattern"), get(ev, "event")), "ScheduleExpression", get(ev, "schedule"),
		"EventBusName", get(ev, "eventBus"),
		"Targets", seq(p, obj(p, "Arn", getAtt(fnID, "Arn", p), "Id", id+"Target")))
	c.add(id, p, "AWS::Events::Rule", props)
}

// other records a source the CloudFormation loader does not turn into a
// trigger by itself, with a resource of its type when it has one.
func (c *compiler) other(evKey *yaml.Node, fnID string, kind model.TriggerKind, id, typ string, source *yaml.Node) {
	p := at(evKey)
	if typ != "" {
		id = c.add(strings.TrimSuffix(fnID, "LambdaFunction")+id, p, typ, obj(p))
	} else {
		id = strings.TrimSuffix(fnID, "LambdaFunction") + id
	}
	c.extra = append(c.extra, extraTrigger{fn: fnID, id: id, kind: kind, p: p, source: source})
}

func (c *compiler) finishAPIs() {
	c.finishREST()
}
