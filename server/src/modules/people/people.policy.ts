import { type Actor, inScope, requirePermission, requireScope } from '../../platform/access.ts';
import { defineErrors } from '../../platform/errors.ts';

export const PeopleErrors = defineErrors({
  PERSON_NOT_FOUND: { status: 404, 'zh-CN': '未找到人员 {id}', 'en-US': 'Person {id} not found' },
  PERSON_PHONE_INVALID: {
    status: 400,
    'zh-CN': '电话号码不正确:应为 11 位手机号码(如 13803551234)或带区号的固定电话(如 0355-2021234)',
    'en-US':
      'The phone number is not valid: a mainland mobile number of 11 digits (13803551234) or a landline with its area code (0355-2021234)',
  },
  PERSON_ID_CARD_INVALID: {
    status: 400,
    'zh-CN': '身份证号码不正确:应为 18 位,出生日期真实,最后一位校验码正确',
    'en-US': 'The ID card number is not valid: 18 characters, a real birth date and a correct check character',
  },
  PERSON_ADDRESS_INVALID: {
    status: 400,
    'zh-CN': '地址不能为空,且不超过 {max} 个字符',
    'en-US': 'The address must not be empty and may have at most {max} characters',
  },
  PERSON_NAME_INVALID: {
    status: 400,
    'zh-CN': '姓名不能为空,且不超过 {max} 个字符',
    'en-US': 'The name must not be empty and may have at most {max} characters',
  },
});

/**
 * People belong to a division like every business row. Reading needs `people.read` and the person in scope;
 * a person outside the scope does not exist for the caller (404, never 403: a town's staff must not learn
 * that a resident of another town is on file). Seeing a phone number, ID card or address in full needs
 * `personal-data.unmask` as well, and is audited by the service.
 */
export const peoplePolicy = {
  read(actor: Actor): void {
    requirePermission(actor, 'people.read');
  },
  /** Whether the caller may see this person at all; the service answers 404 when not. */
  sees(actor: Actor, ownerDivision: string): boolean {
    return inScope(actor, ownerDivision);
  },
  manage(actor: Actor): void {
    requirePermission(actor, 'people.manage');
  },
  /** Placing a person in a division (creating, or moving one): the caller names it, so 403 reveals nothing. */
  place(actor: Actor, ownerDivision: string): void {
    requirePermission(actor, 'people.manage');
    requireScope(actor, ownerDivision);
  },
  unmask(actor: Actor): void {
    requirePermission(actor, 'people.read');
    requirePermission(actor, 'personal-data.unmask');
  },
};
