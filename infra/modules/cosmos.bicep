// Cosmos DB (NoSQL API): the account, the app's database and every container the code uses. Each container here must
// match CosmosContainers.Definitions in functions/CreatorAccountHealth.Functions/Storage/CosmosContainers.cs: same name,
// partition key path, default TTL and indexing policy (tests/CreatorAccountHealth.Infra.Tests checks it). In Azure the
// app never creates them (CosmosDb__CreateIfMissing is local only), so this file is where they come from.

@description('Azure region.')
param location string

@description('Account name: 3-44 lowercase letters, digits and hyphens, globally unique.')
param accountName string

@description('Tags for every resource.')
param tags object

@description('The database (the app setting CosmosDb__DatabaseName).')
param databaseName string

@description('Resource id of the app\'s managed identity (keys its role assignment).')
param identityId string

@description('Principal id of the same identity, granted the built-in Data Contributor role.')
param principalId string

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-10-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      // Every read the app makes is in the partition it just wrote, from the same client: session is enough.
      defaultConsistencyLevel: 'Session'
    }
    // Pay per request: traffic is webhook-driven and bursty, a weekly report run aside. Move to provisioned autoscale
    // throughput if steady load makes that cheaper (a new account: capacity mode can't be switched in place).
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    // Entra ID only: there are no keys to leak. Containers change through this template, not through data-plane calls.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    // Point-in-time restore for the last 7 days: a bad release that corrupts documents can be undone.
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-10-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

// ContainerNames.Creators: everything a creator owns, one logical partition per creator.
resource creators 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-10-15' = {
  parent: database
  name: 'creators'
  properties: {
    resource: {
      id: 'creators'
      partitionKey: {
        paths: ['/creatorId']
        kind: 'Hash'
        version: 2
      }
      // TTL on, no default: documents live until they set their own "ttl".
      defaultTtl: -1
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/*' }
        ]
        // Free text is never filtered on; not indexing it makes every write cheaper.
        excludedPaths: [
          { path: '/message/?' }
          { path: '/title/?' }
          { path: '/body/?' }
          { path: '/"_etag"/?' }
          { path: '/message/*' }
          // The account document's entries: read by id, never filtered on (cheaper replaces).
          { path: '/profile/*' }
          { path: '/violations/*' }
          { path: '/overturns/*' }
          { path: '/notices/*' }
          { path: '/attended/*' }
          { path: '/quizAttempts/*' }
          { path: '/removals/*' }
          { path: '/alerts/*' }
        ]
      }
    }
  }
}

// ContainerNames.AlertOutbox: alerts recorded but not yet on the queue, in 16 fixed shards.
resource alertOutbox 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-10-15' = {
  parent: database
  name: 'alert-outbox'
  properties: {
    resource: {
      id: 'alert-outbox'
      partitionKey: {
        paths: ['/shard']
        kind: 'Hash'
        version: 2
      }
      // No TTL: an entry leaves only once its message is on the queue.
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/shard/?' }
          { path: '/queuedAt/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

// ContainerNames.ReportActivity: one entry per creator with recent activity, in fixed shards; where a report run starts.
resource reportActivity 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-10-15' = {
  parent: database
  name: 'report-activity'
  properties: {
    resource: {
      id: 'report-activity'
      partitionKey: {
        paths: ['/shard']
        kind: 'Hash'
        version: 2
      }
      // No TTL: entries are overwritten on each activity.
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/shard/?' }
          { path: '/lastActivityAt/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

// ContainerNames.Reports: weekly reports, one logical partition per creator.
resource reports 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-10-15' = {
  parent: database
  name: 'reports'
  properties: {
    resource: {
      id: 'reports'
      partitionKey: {
        paths: ['/creatorId']
        kind: 'Hash'
        version: 2
      }
      // TTL on, no default: each report sets its own "ttl" from Reports__RetentionDays.
      defaultTtl: -1
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/creatorId/?' }
          { path: '/docType/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

// ContainerNames.Trainings: one document per in-person workshop (registrations, waitlist, slots, check-ins, email outbox).
resource trainings 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-10-15' = {
  parent: database
  name: 'trainings'
  properties: {
    resource: {
      id: 'trainings'
      partitionKey: {
        paths: ['/trainingId']
        kind: 'Hash'
        version: 2
      }
      // No TTL: a workshop, even cancelled, is a record. Read by id only, so nothing inside it is indexed.
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/trainingId/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

// ContainerNames.Erasures: one tombstone per erased creator (a hash of the id and when); events for them are ignored.
resource erasures 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-10-15' = {
  parent: database
  name: 'erasures'
  properties: {
    resource: {
      id: 'erasures'
      partitionKey: {
        paths: ['/id']
        kind: 'Hash'
        version: 2
      }
      // No TTL: a creator stays erased. Only ever point-read, so nothing is indexed.
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: []
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

// Cosmos DB's data plane has its own RBAC: Azure role assignments don't reach documents. The built-in Data Contributor
// reads and writes items in every container of the account; it can't create or delete containers or databases.
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2025-10-15' existing = {
  parent: account
  name: '00000000-0000-0000-0000-000000000002'
}

resource appDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-10-15' = {
  parent: account
  name: guid(account.id, identityId, dataContributor.id)
  properties: {
    roleDefinitionId: dataContributor.id
    principalId: principalId
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
