rbac = true
