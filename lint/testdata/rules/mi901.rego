# METADATA
# title: Placeholder error rule
# description: Fires on resources whose properties.bad is true.
# custom:
#   id: MI901
#   slug: test-bad
#   severity: error
#   remediation: Remove bad.
package milint.rules.mi901

deny contains f if {
	some r in input.resources
	r.properties.bad == true
	f := {"msg": sprintf("%s is bad", [r.id]), "resource": r.id, "path": "properties.bad"}
}
