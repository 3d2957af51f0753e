// Service Bus: the namespace and every queue the app sends to or triggers on, with the delivery contract the code is
// written against (docs/service-bus.md), and the app identity's data roles. Local (SAS) auth is off: no connection
// string for this namespace can work, so none can leak.

@description('Azure region.')
param location string

@description('Namespace name: 6-50 letters, digits and hyphens, globally unique.')
param namespaceName string

@description('Tags for every resource.')
param tags object

@description('The queues to create: app setting name (e.g. AlertsQueueName) to queue name.')
param queues object

@description('Resource id of the app\'s managed identity (keys its role assignments).')
param identityId string

@description('Principal id of the same identity, granted Data Sender and Data Receiver.')
param principalId string

// Built-in role definition ids.
var roles = {
  // The webhook and the republish timer send alerts; a report run sends its pages.
  dataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  // The Service Bus triggers receive and settle.
  dataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
}

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  // Standard: Basic has no duplicate detection, which the alert outbox relies on.
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource queue 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = [
  for queue in items(queues): {
    parent: namespace
    name: queue.value
    properties: {
      // Senders set MessageId to a deterministic id (the alert id; run, shard and page of a report run), and a message
      // whose id was seen within the window is dropped. The alert republish timer resends an outbox entry at the earliest
      // 30 s (RepublishAlertsFunction.Grace) after the webhook's own send and at the latest one timer period (1 min,
      // AlertsRepublishSchedule) plus a run later, so when the first send had in fact got through, its copy arrives well
      // inside 10 minutes and is dropped here (RepublishTrainingEmails: 2 minutes' grace plus a 5-minute period, also
      // inside). Later copies (only after a storage outage longer than that) are still caught by SendAlertEmail's
      // "already emailed" check and SendTrainingEmail's delivery record. Kept at 10 minutes rather than longer because a repeated
      // report run for the same week reuses its message ids: a longer window would silently swallow a re-run for longer.
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'PT10M'
      // Handlers abandon on transient failures (SendGrid or storage down) and rely on redelivery; after 10 deliveries the
      // message moves to the dead-letter queue, where it is kept and alerted on, never dropped (docs/runbook.md).
      maxDeliveryCount: 10
      // A message that outlives its time to live is dead-lettered too, not silently discarded.
      deadLetteringOnMessageExpiration: true
      defaultMessageTimeToLive: 'P14D'
      // The Functions host renews the lock while a function runs; a crashed worker's message is back after 1 minute.
      lockDuration: 'PT1M'
      // A redelivered alert must be the same message, never split across sessions or partitions.
      requiresSession: false
      enablePartitioning: false
    }
  }
]

// Scoped to the namespace: every queue in it is this app's.
resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, identityId, roles.dataSender)
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.dataSender)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource receiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, identityId, roles.dataReceiver)
  scope: namespace
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.dataReceiver)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// serviceBusEndpoint is https://<namespace>.servicebus.windows.net:443/ (another suffix in sovereign clouds): its host.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
