export { AccountSelect } from './account-select';
export { OneTimePasswordModal } from './one-time-password';
export { UserFormModal, type UserFormModalProps } from './user-form-modal';
export {
  type CreatedUser,
  createUser,
  fetchUsers,
  type NewUser,
  resetUserPassword,
  type User,
  type UserPatch,
  type UsersPage,
  type UsersQuery,
  unlockUser,
  updateUser,
} from './users-api';
export { isLocked, UsersTable, type UsersTableProps } from './users-table';
