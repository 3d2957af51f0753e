// Key Vault for the app's secrets: the SendGrid API key, the webhook signing secrets, the account-link signing keys and,
// when used, the shared bearer-token secrets. The app reads them through
// Key Vault references in its app settings, with its managed identity. RBAC mode (no access policies).

@description('Azure region.')
param location string

@description('Vault name: 3-24 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Tags for every resource.')
param tags object

@description('Resource id of the app\'s managed identity (keys its role assignment).')
param identityId string

@description('Principal id of the same identity, granted Key Vault Secrets User.')
param principalId string

@secure()
@description('SendGrid API key with Mail Send permission. Empty: the secret is left as it is (set or rotated out of band).')
param sendGridApiKey string = ''

@secure()
@description('Comma-separated webhook signing secrets. Empty: the secret is left as it is (see docs/runbook.md, rotation).')
param webhookSigningSecrets string = ''

@secure()
@description('Comma-separated HS256 secrets for creator and admin tokens. Empty: the secret is left as it is (or never made, when tokens are checked with the issuer\'s JWKS only).')
param creatorAuthSigningKeys string = ''

@secure()
@description('Comma-separated secrets that sign the links in emails (account page, one-click unsubscribe). Empty: the secret is left as it is.')
param accountLinkSigningKeys string = ''

// Secret names; the app settings refer to them by these names, latest version.
var secretNames = {
  sendGridApiKey: 'sendgrid-api-key'
  webhookSigningSecrets: 'webhook-signing-secrets'
  creatorAuthSigningKeys: 'creator-token-signing-keys'
  accountLinkSigningKeys: 'account-link-signing-keys'
}

// Built-in role: read secret values.
var secretsUserRole = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // A deleted secret can't be purged before its retention ends: a mistake or an attacker can't destroy them for good.
    enablePurgeProtection: true
  }
}

// Written only when a value is passed, so a routine infra deployment never overwrites a secret rotated since.
resource sendGridApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(sendGridApiKey)) {
  parent: vault
  name: secretNames.sendGridApiKey
  properties: {
    value: sendGridApiKey
    contentType: 'SendGrid API key (Mail Send)'
  }
}

resource webhookSigningSecretsSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(webhookSigningSecrets)) {
  parent: vault
  name: secretNames.webhookSigningSecrets
  properties: {
    value: webhookSigningSecrets
    contentType: 'Comma-separated HMAC secrets'
  }
}

resource creatorAuthSigningKeysSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(creatorAuthSigningKeys)) {
  parent: vault
  name: secretNames.creatorAuthSigningKeys
  properties: {
    value: creatorAuthSigningKeys
    contentType: 'Comma-separated HS256 secrets (creator and admin bearer tokens)'
  }
}

resource accountLinkSigningKeysSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(accountLinkSigningKeys)) {
  parent: vault
  name: secretNames.accountLinkSigningKeys
  properties: {
    value: accountLinkSigningKeys
    contentType: 'Comma-separated HS256 secrets (links in emails)'
  }
}

// Scoped to the vault rather than to each secret: a secret-scoped assignment needs the secret to exist at deployment time,
// and these are written only when a value is given. The vault holds nothing else.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityId, secretsUserRole)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRole)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// Versionless URIs: the app picks up a new version on its next Key Vault reference refresh (runbook: rotation).
output sendGridApiKeySecretUri string = '${vault.properties.vaultUri}secrets/${secretNames.sendGridApiKey}'
output webhookSigningSecretsSecretUri string = '${vault.properties.vaultUri}secrets/${secretNames.webhookSigningSecrets}'
output accountLinkSigningKeysSecretUri string = '${vault.properties.vaultUri}secrets/${secretNames.accountLinkSigningKeys}'
output creatorAuthSigningKeysSecretUri string = '${vault.properties.vaultUri}secrets/${secretNames.creatorAuthSigningKeys}'
