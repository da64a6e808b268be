rbac               = false
secret_permissions = ["All"]
role_name          = "Owner"
