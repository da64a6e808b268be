package arm

import (
	"bytes"
	"strings"
)

// FileKind says what a JSON file is to the ARM front end.
type FileKind int

const (
	// Other is any JSON that is neither a template nor a parameter file
	// (package.json, tsconfig.json, ...). It is skipped.
	Other FileKind = iota
	// Template is a deployment template (resource group, subscription,
	// management group or tenant scope).
	Template
	// Parameters is a deployment parameter file.
	Parameters
)

func (k FileKind) String() string {
	switch k {
	case Template:
		return "template"
	case Parameters:
		return "parameters"
	}
	return "other"
}

// Classify tells templates and parameter files from other JSON by their
// `$schema`. It does not parse the file: it looks for the first "$schema"
// key and reads the string after it, so it is cheap enough to call on every
// .json file of a repository.
func Classify(data []byte) FileKind {
	schema, ok := schemaValue(data)
	if !ok {
		return Other
	}
	return classifySchema(schema)
}

func classifySchema(schema string) FileKind {
	s := strings.ToLower(schema)
	switch {
	case strings.Contains(s, "deploymenttemplate"):
		// deploymentTemplate, subscriptionDeploymentTemplate,
		// managementGroupDeploymentTemplate, tenantDeploymentTemplate.
		return Template
	case strings.Contains(s, "deploymentparameters"):
		return Parameters
	}
	return Other
}

var schemaKey = []byte(`"$schema"`)

// schemaValue finds the value of the first "$schema" key.
func schemaValue(data []byte) (string, bool) {
	// $schema is almost always near the top; look there first and only
	// then in the whole file.
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	i := bytes.Index(head, schemaKey)
	if i < 0 && len(data) > len(head) {
		i = bytes.Index(data, schemaKey)
	}
	if i < 0 {
		return "", false
	}
	j := i + len(schemaKey)
	j = skipSpace(data, j)
	if j >= len(data) || data[j] != ':' {
		return "", false
	}
	j = skipSpace(data, j+1)
	if j >= len(data) || data[j] != '"' {
		return "", false
	}
	j++
	k := bytes.IndexByte(data[j:], '"')
	if k < 0 || k > 1024 {
		return "", false
	}
	return string(data[j : j+k]), true
}

func skipSpace(data []byte, j int) int {
	for j < len(data) {
		switch data[j] {
		case ' ', '\t', '\r', '\n':
			j++
		default:
			return j
		}
	}
	return j
}

// targetScope is the deployment scope a template's $schema names:
// "resourceGroup", "subscription", "managementGroup" or "tenant".
func targetScope(data []byte) string {
	schema, _ := schemaValue(data)
	s := strings.ToLower(schema)
	switch {
	case strings.Contains(s, "subscriptiondeploymenttemplate"):
		return "subscription"
	case strings.Contains(s, "managementgroupdeploymenttemplate"):
		return "managementGroup"
	case strings.Contains(s, "tenantdeploymenttemplate"):
		return "tenant"
	}
	return "resourceGroup"
}
