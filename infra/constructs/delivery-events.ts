import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { PlanPulseFunction } from './planpulse-function.ts';

export interface DeliveryEventsProps {
  /** Records bounces and complaints and tells the coordinators. */
  eventsFunction: PlanPulseFunction;
  /** @default 'planpulse' */
  configurationSetName?: string;
}

/**
 * Bounces and complaints come back to PlanPulse: every send names this configuration set,
 * whose event destination publishes BOUNCE and COMPLAINT events to an SNS topic that the
 * ses-events function is subscribed to.
 */
export class DeliveryEvents extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: DeliveryEventsProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName ?? 'planpulse',
    });
    this.topic = new Topic(this, 'Topic', { displayName: 'PlanPulse SES bounces and complaints', enforceSSL: true });
    this.configurationSet.addEventDestination('ToSns', {
      destination: EventDestination.snsTopic(this.topic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
    // What SNS cannot deliver goes to the function's failure queue too: one queue per function.
    const { failedInvocations } = props.eventsFunction;
    this.topic.addSubscription(new LambdaSubscription(props.eventsFunction.function, failedInvocations ? { deadLetterQueue: failedInvocations } : {}));
  }

  get configurationSetName(): string {
    return this.configurationSet.configurationSetName;
  }
}
