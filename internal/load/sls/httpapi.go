package sls

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/slsguard/slsguard/internal/model"
)

const (
	httpAPIID = "HttpApi"
	wsAPIID   = "WebsocketsApi"
)

// httpAPIEvent compiles an httpApi event into an API Gateway v2 route,
// its integration and authorizer.
func (c *compiler) httpAPIEvent(evKey, ev *yaml.Node, fnID string) {
	p := at(evKey)
	var key string
	if ev.Kind == yaml.ScalarNode {
		key = strings.TrimSpace(ev.Value)
	} else {
		key = strings.ToUpper(orDefault(text(get(ev, "method")), "ANY")) + " " + orDefault(text(get(ev, "path")), "/")
		if text(get(ev, "method")) == "*" {
			key = "ANY " + text(get(ev, "path"))
		}
	}
	if key == "*" || key == "ANY *" {
		key = "$default"
	} else if m, rest, ok := strings.Cut(key, " "); ok {
		if m == "*" {
			m = "ANY"
		}
		key = strings.ToUpper(m) + " " + strings.TrimSpace(rest)
	}
	if path(c.provider, "httpApi", "id") != nil {
		// The API belongs to another stack: only the route is known here.
		m, rest, _ := strings.Cut(key, " ")
		c.other(evKey, fnID, model.TriggerHTTPAPI, "ExternalHttpApi"+normalize(strings.ToLower(strings.Trim(m, "$")))+normalizePath(rest), "", str(key, p))
		return
	}
	c.ensureHTTPAPI(p)
	integ := "HttpApiIntegration" + strings.TrimSuffix(fnID, "LambdaFunction")
	if c.byID[integ] == nil {
		c.add(integ, p, "AWS::ApiGatewayV2::Integration", obj(p, "ApiId", ref(httpAPIID, p), "IntegrationType", "AWS_PROXY",
			"IntegrationUri", getAtt(fnID, "Arn", p), "PayloadFormatVersion", orDefault(text(path(c.provider, "httpApi", "payload")), "2.0")))
		c.add(strings.TrimSuffix(fnID, "LambdaFunction")+"LambdaPermissionHttpApi", p, "AWS::Lambda::Permission",
			obj(p, "FunctionName", getAtt(fnID, "Arn", p), "Action", "lambda:InvokeFunction", "Principal", "apigateway.amazonaws.com",
				"SourceArn", sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${"+httpAPIID+"}/*", p)))
	}
	props := obj(p, "ApiId", ref(httpAPIID, p), "RouteKey", str(key, p), "Target", sub("integrations/${"+integ+"}", p))
	c.httpAPIAuth(props, get(ev, "authorizer"), p)
	m, rest, _ := strings.Cut(key, " ")
	c.add("HttpApiRoute"+normalize(strings.ToLower(strings.Trim(m, "$")))+normalizePath(rest), p, "AWS::ApiGatewayV2::Route", props)
}

// httpAPIAuth sets a route's authorization: a named authorizer of
// provider.httpApi.authorizers (JWT or Lambda), an authorizer ID, or IAM.
func (c *compiler) httpAPIAuth(props, a *yaml.Node, p pos) {
	if a == nil || isNull(a) {
		return
	}
	ap := at(a)
	name := text(a)
	if a.Kind == yaml.MappingNode {
		name = text(get(a, "name"))
		if strings.EqualFold(text(get(a, "type")), "aws_iam") {
			set(props, "AuthorizationType", str("AWS_IAM", ap))
			return
		}
		if id := get(a, "id"); id != nil {
			set(props, "AuthorizationType", str("JWT", ap))
			set(props, "AuthorizerId", id)
			return
		}
	}
	def := path(c.provider, "httpApi", "authorizers", name)
	typ := "JWT"
	if t := strings.ToLower(text(get(def, "type"))); t == "request" || t == "lambda" {
		typ = "CUSTOM"
	}
	if def == nil {
		c.problem(a, "httpApi authorizer %s is not defined in provider.httpApi.authorizers", name)
	}
	id := "HttpApiAuthorizer" + normalize(name)
	if c.byID[id] == nil {
		dp := ap
		if def != nil {
			dp = at(def)
		}
		authType := "JWT"
		if typ == "CUSTOM" {
			authType = "REQUEST"
		}
		c.add(id, dp, "AWS::ApiGatewayV2::Authorizer", obj(dp, "ApiId", ref(httpAPIID, dp), "Name", name,
			"AuthorizerType", authType, "IdentitySource", get(def, "identitySource"),
			"JwtConfiguration", obj(dp, "Issuer", get(def, "issuerUrl"), "Audience", get(def, "audience"))))
	}
	set(props, "AuthorizationType", str(typ, ap))
	set(props, "AuthorizerId", ref(id, ap))
}

func (c *compiler) ensureHTTPAPI(p pos) {
	if c.httpAPI != "" {
		return
	}
	c.httpAPI = httpAPIID
	h := get(c.provider, "httpApi")
	props := obj(p, "Name", c.stage+"-"+c.service, "ProtocolType", "HTTP",
		"DisableExecuteApiEndpoint", get(h, "disableDefaultEndpoint"))
	if cors := get(h, "cors"); cors != nil && !(cors.Kind == yaml.ScalarNode && !truthy(cors)) {
		origins := seq(at(cors), str("*", at(cors)))
		if o := get(cors, "allowedOrigins"); o != nil {
			origins = node(items(o), at(o))
		}
		set(props, "CorsConfiguration", obj(at(cors), "AllowOrigins", origins))
	}
	c.add(httpAPIID, p, "AWS::ApiGatewayV2::Api", props)
	stage := obj(p, "ApiId", ref(httpAPIID, p), "StageName", "$default", "AutoDeploy", "true")
	if l := path(c.provider, "logs", "httpApi"); l != nil && (l.Kind == yaml.MappingNode || truthy(l)) {
		lp := at(l)
		set(stage, "AccessLogSettings", obj(lp, "DestinationArn", getAtt("HttpApiLogGroup", "Arn", lp)))
		c.add("HttpApiLogGroup", lp, "AWS::Logs::LogGroup", obj(lp, "LogGroupName",
			"/aws/http-api/"+c.service+"-"+c.stage, "RetentionInDays", get(c.provider, "logRetentionInDays")))
	}
	c.add("HttpApiStage", p, "AWS::ApiGatewayV2::Stage", stage)
}

// websocketEvent compiles a websocket route; only $connect takes an
// authorizer, as in API Gateway.
func (c *compiler) websocketEvent(evKey, ev *yaml.Node, fnID string) {
	p := at(evKey)
	if c.wsAPI == "" {
		c.wsAPI = wsAPIID
		expr := orDefault(text(get(c.provider, "websocketsApiRouteSelectionExpression")), "$request.body.action")
		c.add(wsAPIID, p, "AWS::ApiGatewayV2::Api", obj(p, "Name", c.stage+"-"+c.service+"-websockets",
			"ProtocolType", "WEBSOCKET", "RouteSelectionExpression", expr))
		stage := obj(p, "ApiId", ref(wsAPIID, p), "StageName", c.stage)
		if l := path(c.provider, "logs", "websocket"); l != nil && (l.Kind == yaml.MappingNode || truthy(l)) {
			set(stage, "AccessLogSettings", obj(at(l), "DestinationArn", getAtt("WebsocketsLogGroup", "Arn", at(l))))
			c.add("WebsocketsLogGroup", at(l), "AWS::Logs::LogGroup", obj(at(l), "LogGroupName",
				"/aws/websocket/"+c.service+"-"+c.stage, "RetentionInDays", get(c.provider, "logRetentionInDays")))
		}
		c.add("WebsocketsDeploymentStage", p, "AWS::ApiGatewayV2::Stage", stage)
	}
	route := text(ev)
	if ev.Kind == yaml.MappingNode {
		route = text(get(ev, "route"))
	}
	base := strings.TrimSuffix(fnID, "LambdaFunction")
	integ := base + "WebsocketsIntegration"
	if c.byID[integ] == nil {
		c.add(integ, p, "AWS::ApiGatewayV2::Integration", obj(p, "ApiId", ref(wsAPIID, p), "IntegrationType", "AWS_PROXY",
			"IntegrationUri", getAtt(fnID, "Arn", p)))
	}
	props := obj(p, "ApiId", ref(wsAPIID, p), "RouteKey", route, "Target", sub("integrations/${"+integ+"}", p))
	if a := get(ev, "authorizer"); a != nil && route == "$connect" {
		set(props, "AuthorizationType", str("CUSTOM", at(a)))
	}
	c.add(normalize(strings.Trim(route, "$"))+"WebsocketsRoute", p, "AWS::ApiGatewayV2::Route", props)
}
