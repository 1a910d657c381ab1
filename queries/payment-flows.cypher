// name: payment-flows
// title: Payment flows - ransoms, fees, fines and wallets
// audience: [investigator, prosecutor, analyst]
// category: money
// description: >
//   Every recorded payment (ransom, debt, fine, recruitment fee, transfer price) with who
//   paid (a person, or a description such as "family"), who received it (person, agency or
//   company), the victim it was paid for, the wallet it went through and who else is recorded
//   controlling that wallet, and the sources. Victims are shown by pseudonym. Filter by kind
//   (empty for all) or by a wallet id or address to follow the money through one wallet.
// parameters:
//   kind:
//     type: string
//     default: ""
//     choices: [ransom, debt, fine, recruitment_fee, transfer_price]
//     description: ransom, debt, fine, recruitment_fee or transfer_price; empty for all
//   wallet: {type: string, entity: identifier, default: "", description: "Wallet id or address; empty for all"}
//   since: {type: date, default: "", description: "Only payments dated on or after this date (YYYY-MM-DD); empty: no limit"}
//   until: {type: date, default: "", description: "Only payments dated on or before this date (YYYY-MM-DD); empty: no limit"}
// example:
//   params: {kind: ransom}
//   expect: the ransoms of the ground truth with their wallets
// revision: 1
MATCH (pay:Payment)
WHERE ($kind = '' OR pay.kind = toLower($kind))
  AND ($since = '' OR pay.date >= $since) AND ($until = '' OR pay.date <= $until)
OPTIONAL MATCH (pay)-[:VIA_WALLET]->(w:Wallet)
WITH pay, w
WHERE $wallet = '' OR w.id = $wallet OR w.address = $wallet
RETURN pay.id AS payment_id,
       pay.kind AS kind,
       pay.amount AS amount,
       pay.currency AS currency,
       pay.date AS date,
       [(payer:Person)-[:PAID]->(pay)
          | CASE WHEN 'victim' IN coalesce(payer.roles, []) THEN coalesce(payer.pseudonym, payer.id)
                 ELSE payer.name END]
         + CASE WHEN pay.paid_by IS NULL THEN [] ELSE [pay.paid_by] END AS paid_by,
       [(receiver)-[:RECEIVED]->(pay) WHERE NOT receiver:PersonRecord
          | CASE WHEN 'victim' IN coalesce(receiver.roles, [])
                 THEN coalesce(receiver.pseudonym, receiver.id)
                 ELSE coalesce(receiver.name, receiver.id) END] AS received_by,
       [(pay)-[:FOR_PERSON]->(victim:Person) | coalesce(victim.pseudonym, victim.id)] AS for_victim,
       [(payer_id:Person)-[:PAID]->(pay) | payer_id.id] AS paid_by_ids,
       [(receiver_id)-[:RECEIVED]->(pay) WHERE NOT receiver_id:PersonRecord | receiver_id.id]
         AS received_by_ids,
       [(pay)-[:FOR_PERSON]->(victim_id:Person) | victim_id.id] AS for_victim_ids,
       w.id AS wallet,
       [(holder)-[:CONTROLS_WALLET]->(w) WHERE NOT holder:PersonRecord
          | CASE WHEN 'victim' IN coalesce(holder.roles, [])
                 THEN coalesce(holder.pseudonym, holder.id)
                 ELSE coalesce(holder.name, holder.id) END] AS wallet_controlled_by,
       coalesce(pay.source_ids, []) AS source_ids
ORDER BY date, payment_id
